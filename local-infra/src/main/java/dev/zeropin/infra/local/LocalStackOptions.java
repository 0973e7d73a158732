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

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free UDP port on the loopback interface. */
    public static int freeUdpPort() {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
