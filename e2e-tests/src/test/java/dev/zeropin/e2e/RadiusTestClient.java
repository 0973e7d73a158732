package dev.zeropin.e2e;

import dev.zeropin.e2e.RadiusMessage.Attribute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A NAS on a UDP socket of its own, bound to a chosen loopback address (127.0.0.x), so that tests
 * can speak as a declared client, as an unknown source, or send raw bytes.
 */
final class RadiusTestClient implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] secret;
    private final AtomicInteger identifiers = new AtomicInteger(RANDOM.nextInt(256));

    RadiusTestClient(String localAddress, InetSocketAddress server, String secret) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.server = server;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A request ready to send, and what is needed to check its answer. */
    record Request(int identifier, byte[] authenticator, byte[] bytes) {}

    /** An answer with the checks a NAS makes. */
    record Answer(
            byte[] bytes,
            RadiusMessage message,
            boolean responseAuthenticatorValid,
            boolean messageAuthenticatorValid) {

        int code() {
            return message.code();
        }

        /** True when the first attribute is the Message-Authenticator (BlastRADIUS hardening). */
        boolean messageAuthenticatorFirst() {
            return !message.attributes().isEmpty()
                    && message.attributes().get(0).type() == RadiusMessage.MESSAGE_AUTHENTICATOR;
        }
    }

    int nextIdentifier() {
        return identifiers.getAndIncrement() & 0xFF;
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * An Access-Request with User-Name, the hidden User-Password, the extra attributes and, when
     * asked, a Message-Authenticator (placed first, as RFC 3579 hardening advises).
     */
    Request papRequest(String userName, String password, boolean messageAuthenticator, List<Attribute> extra) {
        int identifier = nextIdentifier();
        byte[] authenticator = randomBytes(16);
        List<Attribute> attributes = new ArrayList<>();
        if (messageAuthenticator) {
            attributes.add(new Attribute(RadiusMessage.MESSAGE_AUTHENTICATOR, new byte[16]));
        }
        attributes.add(Attribute.text(RadiusMessage.USER_NAME, userName));
        attributes.add(new Attribute(
                RadiusMessage.USER_PASSWORD,
                RadiusMessage.hidePassword(password.getBytes(StandardCharsets.UTF_8), authenticator, secret)));
        attributes.add(Attribute.text(RadiusMessage.NAS_IDENTIFIER, "e2e"));
        attributes.addAll(extra);
        return new Request(
                identifier,
                authenticator,
                RadiusMessage.signRequest(RadiusMessage.ACCESS_REQUEST, identifier, authenticator, attributes, secret));
    }

    /** An Access-Request with any attributes; the Message-Authenticator among them is computed. */
    Request accessRequest(List<Attribute> attributes) {
        return signed(RadiusMessage.ACCESS_REQUEST, attributes);
    }

    /** A Status-Server (RFC 5997) with its required Message-Authenticator. */
    Request statusServer() {
        return signed(
                RadiusMessage.STATUS_SERVER,
                List.of(
                        new Attribute(RadiusMessage.MESSAGE_AUTHENTICATOR, new byte[16]),
                        Attribute.text(RadiusMessage.NAS_IDENTIFIER, "e2e")));
    }

    /** An Accounting-Request (RFC 2866) with its request authenticator. */
    Request accountingRequest(List<Attribute> attributes) {
        int identifier = nextIdentifier();
        byte[] bytes = RadiusMessage.signAccountingRequest(identifier, attributes, secret);
        return new Request(identifier, Arrays.copyOfRange(bytes, 4, 20), bytes);
    }

    private Request signed(int code, List<Attribute> attributes) {
        int identifier = nextIdentifier();
        byte[] authenticator = randomBytes(16);
        return new Request(
                identifier,
                authenticator,
                RadiusMessage.signRequest(code, identifier, authenticator, attributes, secret));
    }

    /** Sends {@code request} once and waits for its answer. */
    Optional<Answer> exchange(Request request, Duration timeout) {
        send(request.bytes());
        return receive(request, timeout);
    }

    /** Sends raw bytes. */
    void send(byte[] bytes) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the answer to {@code request} (other identifiers are skipped), or empty after {@code timeout}. */
    Optional<Answer> receive(Request request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                }
                byte[] bytes = Arrays.copyOf(packet.getData(), packet.getLength());
                if (bytes.length >= 20 && (bytes[1] & 0xFF) == request.identifier()) {
                    return Optional.of(new Answer(
                            bytes,
                            RadiusMessage.parse(bytes),
                            RadiusMessage.hasValidResponseAuthenticator(bytes, request.authenticator(), secret),
                            RadiusMessage.hasValidMessageAuthenticator(bytes, request.authenticator(), secret)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Collects the answers to {@code requests} (by identifier) until each has one or {@code timeout}
     * passes; a second answer to one identifier is kept too, as the list's later element.
     */
    Map<Integer, List<Answer>> receiveAll(List<Request> requests, Duration timeout) {
        Map<Integer, Request> byIdentifier = new HashMap<>();
        requests.forEach(request -> byIdentifier.put(request.identifier(), request));
        Map<Integer, List<Answer>> answers = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[4096];
        try {
            while (answers.size() < byIdentifier.size()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                byte[] bytes = Arrays.copyOf(packet.getData(), packet.getLength());
                Request request = bytes.length >= 20 ? byIdentifier.get(bytes[1] & 0xFF) : null;
                if (request != null) {
                    answers.computeIfAbsent(request.identifier(), id -> new ArrayList<>())
                            .add(new Answer(
                                    bytes,
                                    RadiusMessage.parse(bytes),
                                    RadiusMessage.hasValidResponseAuthenticator(bytes, request.authenticator(), secret),
                                    RadiusMessage.hasValidMessageAuthenticator(
                                            bytes, request.authenticator(), secret)));
                }
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for any datagram; for checking that nothing arrives. */
    Optional<byte[]> receiveAny(Duration timeout) {
        byte[] buffer = new byte[4096];
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return Optional.of(Arrays.copyOf(packet.getData(), packet.getLength()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] secret() {
        return secret.clone();
    }

    @Override
    public void close() {
        socket.close();
    }
}
