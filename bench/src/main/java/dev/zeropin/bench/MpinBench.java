package dev.zeropin.bench;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.mpin.Curve;
import dev.zeropin.mpin.Device;
import dev.zeropin.mpin.MasterSecret;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.mpin.ServerSecret;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * M-Pin figures: the raw pairing check ({@code SERVER_2}) in this JVM, and complete PIN logins
 * (pass 1 + pass 2 over HTTP, each a pairing check and an OTP stored in PostgreSQL) against the
 * packaged otp-service. The device side runs in this JVM on the same two cores, as honestly as a
 * load generator on the same machine can.
 */
public final class MpinBench {

    private static final Pattern CODE = Pattern.compile("code:\\s*(\\d{8})");

    private MpinBench() {}

    /** Pairing checks per second with {@code threads} threads for {@code duration}. */
    public static double server2PerSecond(int threads, Duration duration) throws Exception {
        SecureRandom random = new SecureRandom();
        MasterSecret master = MasterSecret.generate(random);
        ServerSecret server = ServerSecret.fromBytes(master.serverSecret());
        MpinId id = MpinId.issue("bench", "bench@example.com", Instant.now(), random);
        byte[] token = Device.extractPin(id, master.clientSecret(id), 1234);
        Device.Pass1 pass1 = Device.pass1(id, token, 1234, random);
        byte[] y = Curve.randomScalar(random);
        byte[] v = Device.pass2(pass1, y);
        byte[] hid = Curve.hashToPoint(id.raw());
        if (!server.verify(hid, pass1.u(), y, v)) {
            throw new IllegalStateException("the benchmark proof does not verify");
        }
        return run(threads, duration, () -> server.verify(hid, pass1.u(), y, v));
    }

    /** Registers {@code users} identities in the demo project through the public API. */
    public static List<StoredIdentity> registerUsers(LocalStack stack, int users) {
        ZeroPinClient client = new ZeroPinClient(stack.registration().baseUrl());
        List<StoredIdentity> identities = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String userId = "bench-" + i + "-" + System.nanoTime() + "@example.com";
            ZeroPinClient.Registration registration = client.startRegistration(LocalStack.DEMO_PROJECT, userId);
            stack.mail().awaitMessagesTo(userId, 1, Duration.ofSeconds(30));
            String activation = client.verifyCode(registration.registrationId(), codeOf(stack, userId));
            identities.add(ZeroPinClient.enrol(client.createIdentity(activation, "bench"), 1000 + i % 9000));
        }
        return identities;
    }

    /** Complete PIN logins per second, {@code threads} devices at a time, for {@code duration}. */
    public static double loginsPerSecond(
            LocalStack stack, List<StoredIdentity> identities, int threads, Duration duration) throws Exception {
        AtomicLong next = new AtomicLong();
        ZeroPinClient client = new ZeroPinClient(stack.registration().baseUrl());
        return run(threads, duration, () -> {
            int index = (int) (next.getAndIncrement() % identities.size());
            StoredIdentity identity = identities.get(index);
            client.obtainOtp(identity, 1000 + index % 9000);
            return true;
        });
    }

    static String codeOf(LocalStack stack, String userId) {
        try {
            var message = stack.mail().messagesTo(userId).get(0);
            Object content = message.getContent();
            String text;
            if (content instanceof jakarta.mail.internet.MimeMultipart multipart) {
                StringBuilder all = new StringBuilder();
                collect(multipart, all);
                text = all.toString();
            } else {
                text = String.valueOf(content);
            }
            Matcher matcher = CODE.matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException("no verification code in the e-mail");
            }
            return matcher.group(1);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the verification e-mail", e);
        }
    }

    private static void collect(jakarta.mail.internet.MimeMultipart multipart, StringBuilder text) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            Object part = multipart.getBodyPart(i).getContent();
            if (part instanceof jakarta.mail.internet.MimeMultipart nested) {
                collect(nested, text);
            } else {
                text.append(part).append('\n');
            }
        }
    }

    /** Calls {@code work} from {@code threads} threads for {@code duration}; returns successes per second. */
    static double run(int threads, Duration duration, java.util.concurrent.Callable<Boolean> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (work.call()) {
                            done.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + (done.get() + failed.get()) + " operations failed");
        }
        return done.get() / seconds;
    }
}
