package dev.zeropin.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the local stack keeps its data, where the built services are, and which ports it uses.
 *
 * @param home the repository root, where each service's {@code target/quarkus-app} is
 * @param dataDirectory keys, database, Kafka logs, mailbox and service logs
 * @param registrationPort HTTP port of registration-service
 * @param otpPort HTTP port of otp-service
 * @param gatewayHttpPort HTTP port (health, metrics) of radius-gateway
 * @param radiusAuthPort UDP authentication port of radius-gateway
 * @param radiusAcctPort UDP accounting port of radius-gateway
 * @param kafkaPort Kafka listener port; 0 keeps the port of the last run (or picks a free one)
 * @param durable PostgreSQL with its default durability (local mode) or fast unsafe settings (tests)
 * @param startKafka whether {@link LocalStack#startInfrastructure()} starts the broker
 * @param readyTimeout how long to wait for the services to become ready
 * @param extraEnvironment more environment for every service (tests tune settings with it)
 */
public record LocalStackOptions(
        Path home,
        Path dataDirectory,
        int registrationPort,
        int otpPort,
        int gatewayHttpPort,
        int radiusAuthPort,
        int radiusAcctPort,
        int kafkaPort,
        boolean durable,
        boolean startKafka,
        Duration readyTimeout,
        Map<String, String> extraEnvironment) {

    /** The local mode's defaults: the documented ports and durable storage. */
    public static LocalStackOptions localMode(Path home, Path dataDirectory) {
        return new LocalStackOptions(
                home, dataDirectory, 8080, 8081, 8082, 1812, 1813, 0, true, true, Duration.ofSeconds(60), Map.of());
    }

    /** Free ports everywhere and fast storage, for tests. */
    public static LocalStackOptions forTests(Path home, Path dataDirectory) {
        return new LocalStackOptions(
                home,
                dataDirectory,
                freePort(),
                freePort(),
                freePort(),
                freeUdpPort(),
                freeUdpPort(),
                0,
                false,
                true,
                Duration.ofSeconds(90),
                Map.of());
    }

    public LocalStackOptions withPorts(int registration, int otp, int gatewayHttp, int radiusAuth, int radiusAcct) {
        return new LocalStackOptions(
                home,
                dataDirectory,
                registration,
                otp,
                gatewayHttp,
                radiusAuth,
                radiusAcct,
                kafkaPort,
                durable,
                startKafka,
                readyTimeout,
                extraEnvironment);
    }

    public LocalStackOptions withKafkaStarted(boolean start) {
        return new LocalStackOptions(
                home,
                dataDirectory,
                registrationPort,
                otpPort,
                gatewayHttpPort,
                radiusAuthPort,
                radiusAcctPort,
                kafkaPort,
                durable,
                start,
                readyTimeout,
                extraEnvironment);
    }

    public LocalStackOptions withDurable(boolean durableStorage) {
        return new LocalStackOptions(
                home,
                dataDirectory,
                registrationPort,
                otpPort,
                gatewayHttpPort,
                radiusAuthPort,
                radiusAcctPort,
                kafkaPort,
                durableStorage,
                startKafka,
                readyTimeout,
                extraEnvironment);
    }

    public LocalStackOptions withEnvironment(Map<String, String> environment) {

        return new LocalStackOptions(
                home,
                dataDirectory,
                registrationPort,
                otpPort,
                gatewayHttpPort,
                radiusAuthPort,
                radiusAcctPort,
                kafkaPort,
                durable,
                startKafka,
                readyTimeout,
                Map.copyOf(environment));
    }

    /**
     * Ports for tests are drawn from [20000, 32000), below Linux's ephemeral range (32768 and up):
     * a stack chooses its ports, then starts PostgreSQL, Kafka and the services, whose outgoing
     * connections take local ports from the ephemeral range and could take a port chosen there
     * before its service binds it (a fresh-clone run failed so: "Port 43040 seems to be in use").
     */
    private static final int TEST_PORTS_FROM = 20_000;

    private static final int TEST_PORTS_TO = 32_000;

    /** Ports handed out by this JVM: never twice, so that two stacks or two calls cannot share one. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        return freePort(port -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.isBound();
            }
        });
    }

    /** A free UDP port on the loopback interface. */
    public static int freeUdpPort() {
        return freePort(port -> {
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return socket.isBound();
            }
        });
    }

    private interface PortCheck {
        boolean bindable(int port) throws IOException;
    }

    private static int freePort(PortCheck check) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = TEST_PORTS_FROM + RANDOM.nextInt(TEST_PORTS_TO - TEST_PORTS_FROM);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try {
                if (check.bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new UncheckedIOException(
                new IOException("no free port in [" + TEST_PORTS_FROM + ", " + TEST_PORTS_TO + ")"));
    }
}
