package dev.zeropin.bench;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ZeroPIN under load, through its production paths only: users register through the public API
 * (e-mail code included), OTPs are minted by complete PIN logins (pass 1 + pass 2 over HTTP, the
 * pairing check and the OTP stored in PostgreSQL), and the RADIUS gateway is loaded with one
 * distinct, valid, unused OTP of a distinct user per request, so that every Access-Accept consumes
 * an OTP in the database.
 */
final class ZeroPinBench {

    private ZeroPinBench() {}

    /** A registered user and the PIN its device knows. */
    record User(StoredIdentity identity, int pin) {}

    /** Timed result of a batch of operations. */
    record Timed<T>(List<T> values, double perSecond) {}

    /** Registers {@code count} users through the public API with {@code threads} devices at a time. */
    /** Registrations that failed (each tried again with a new User ID); reported by the table. */
    static final AtomicInteger FAILED_REGISTRATIONS = new AtomicInteger();

    /** PIN logins that failed (each tried again up to twice); reported by the table. */
    static final AtomicInteger FAILED_LOGINS = new AtomicInteger();

    static Timed<User> registerUsers(LocalStack stack, int count, int threads) throws Exception {
        ZeroPinClient client = new ZeroPinClient(stack.registration().baseUrl());
        String run = Long.toString(System.nanoTime(), 36);
        AtomicInteger next = new AtomicInteger();
        List<User> users = Collections.synchronizedList(new ArrayList<>());
        double perSecond = parallel(threads, () -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return false;
            }
            // One failed registration does not end the run: it is tried again with a new User ID,
            // then counted and reported.
            for (int attempt = 0; attempt < 3; attempt++) {
                String userId = "bench-" + run + "-" + i + "-" + attempt + "@example.com";
                try {
                    ZeroPinClient.Registration registration = client.startRegistration(LocalStack.DEMO_PROJECT, userId);
                    stack.mail().awaitMessagesTo(userId, 1, Duration.ofSeconds(30));
                    String activation =
                            client.verifyCode(registration.registrationId(), MpinBench.codeOf(stack, userId));
                    int pin = 1000 + i % 9000;
                    users.add(new User(ZeroPinClient.enrol(client.createIdentity(activation, "bench"), pin), pin));
                    return true;
                } catch (RuntimeException e) {
                    System.err.println("registration of " + userId + " failed: " + e.getMessage());
                    FAILED_REGISTRATIONS.incrementAndGet();
                }
            }
            return true;
        });
        // Only the registrations that succeeded count toward the rate.
        return new Timed<>(List.copyOf(users), perSecond * users.size() / Math.max(1, count));
    }

    /**
     * One fresh OTP for each user by a complete PIN login, {@code threads} devices at a time; the
     * rate is the M-Pin logins per second.
     */
    static Timed<RadiusLoad.Credential> mintOtps(LocalStack stack, List<User> users, int threads) throws Exception {
        ZeroPinClient client = new ZeroPinClient(stack.registration().baseUrl());
        AtomicInteger next = new AtomicInteger();
        List<RadiusLoad.Credential> credentials = Collections.synchronizedList(new ArrayList<>());
        double perSecond = parallel(threads, () -> {
            int i = next.getAndIncrement();
            if (i >= users.size()) {
                return false;
            }
            User user = users.get(i);
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    ZeroPinClient.Otp otp = client.obtainOtp(user.identity(), user.pin());
                    credentials.add(new RadiusLoad.Credential(user.identity().userId(), otp.code()));
                    return true;
                } catch (RuntimeException e) {
                    System.err.println("login of " + user.identity().userId() + " failed: " + e.getMessage());
                    FAILED_LOGINS.incrementAndGet();
                }
            }
            return true;
        });
        List<RadiusLoad.Credential> shuffled = new ArrayList<>(credentials);
        Collections.shuffle(shuffled);
        return new Timed<>(shuffled, perSecond);
    }

    /** Runs {@code work} on {@code threads} threads until it returns false; returns successes per second. */
    private static double parallel(int threads, java.util.concurrent.Callable<Boolean> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (work.call()) {
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Makes the demo project's OTPs live long enough for minting a batch and loading it (admin API). */
    static void lengthenOtpLifetime(LocalStack stack, User probe) {
        String token = stack.keys().adminToken("bench", Duration.ofMinutes(5));
        HttpRequest request = HttpRequest.newBuilder(
                        stack.registration().baseUrl().resolve("/api/v1/admin/projects/" + LocalStack.DEMO_PROJECT))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"otpLifetimeSeconds\":3600}"))
                .build();
        try {
            int status = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 200) {
                throw new IllegalStateException("cannot change the demo project: HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        // otp-service learns the new lifetime from project-events; wait until a fresh OTP shows it.
        ZeroPinClient client = new ZeroPinClient(stack.registration().baseUrl());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ZeroPinClient.Otp otp = client.obtainOtp(probe.identity(), probe.pin());
            if (Duration.between(Instant.now(), otp.expiresAt()).toSeconds() > 600) {
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException("otp-service did not apply the longer OTP lifetime");
    }

    /** A plan toward the gateway of the stack with the local NAS's secret. */
    static RadiusLoad.Plan plan(LocalStack stack, List<RadiusLoad.Credential> credentials, int window) {
        try {
            String secret = Files.readString(stack.radiusSecretFile(), StandardCharsets.UTF_8)
                    .strip();
            return new RadiusLoad.Plan(
                    new InetSocketAddress("127.0.0.1", stack.options().radiusAuthPort()),
                    secret,
                    credentials,
                    credentials.size(),
                    Duration.ofSeconds(60),
                    Math.max(1, (window + 255) / 256),
                    window,
                    0,
                    0,
                    Duration.ofSeconds(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds from start until {@code /q/health/ready} of each service (all three started together). */
    static Map<String, Double> restartAndTimeReadiness(List<ServiceProcess> services) {
        services.parallelStream().forEach(ServiceProcess::stop);
        Map<String, Double> ready = new LinkedHashMap<>();
        long start = System.nanoTime();
        services.forEach(ServiceProcess::start);
        long deadline = start + Duration.ofSeconds(120).toNanos();
        while (ready.size() < services.size() && System.nanoTime() < deadline) {
            for (ServiceProcess service : services) {
                if (!ready.containsKey(service.name()) && service.readiness() == 200) {
                    ready.put(service.name(), (System.nanoTime() - start) / 1e9);
                }
            }
            sleep(20);
        }
        if (ready.size() < services.size()) {
            throw new IllegalStateException("services not ready within 120 s: only " + ready.keySet());
        }
        return ready;
    }

    /** Resident set size now and at its peak (kB), from /proc. */
    record Memory(long rssKb, long peakKb) {
        static Memory of(long pid) {
            long rss = 0;
            long peak = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("\\D", ""));
                    } else if (line.startsWith("VmHWM:")) {
                        peak = Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the memory of process " + pid, e);
            }
            return new Memory(rss, peak);
        }
    }

    /**
     * CPU time (user + system) that a process and its descendants have used so far, in seconds,
     * from {@code /proc/<pid>/stat} (clock ticks of 1/100 s, Linux's USER_HZ). Processes that end
     * in between are not counted.
     */
    static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid)
                        .map(process -> java.util.stream.Stream.concat(
                                        java.util.stream.Stream.of(process), process.descendants())
                                .mapToLong(ZeroPinBench::cpuTicks)
                                .sum())
                        .orElse(0L)
                / 100.0;
    }

    private static long cpuTicks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The PostgreSQL server of a stack: its postmaster's pid (its backends are its children). */
    static long postgresPid(Path dataDirectory) {
        try {
            return Long.parseLong(
                    Files.readAllLines(dataDirectory.resolve("postgres").resolve("postmaster.pid"))
                            .get(0)
                            .strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PostgreSQL's pid", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
