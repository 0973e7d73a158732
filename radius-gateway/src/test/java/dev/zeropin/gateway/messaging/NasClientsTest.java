package dev.zeropin.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zeropin.events.EventCodec;
import dev.zeropin.events.NasSecretKeys;
import dev.zeropin.events.RadiusClientEvents.RadiusClientDeleted;
import dev.zeropin.events.RadiusClientEvents.RadiusClientUpserted;
import dev.zeropin.events.SecretSeal;
import dev.zeropin.events.SecretSeal.ClientFields;
import dev.zeropin.events.Topics;
import dev.zeropin.gateway.GatewayTestResources;
import dev.zeropin.gateway.InjectRadius;
import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.RadiusFixture;
import dev.zeropin.gateway.RadiusResource;
import dev.zeropin.gateway.radius.RadiusListener;
import dev.zeropin.gateway.service.NasClientRegistry;
import dev.zeropin.gateway.service.StaticClientsWatcher;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.RadiusTestClient;
import dev.zeropin.infra.testing.TopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** RADIUS clients change without a restart: the static file, and the console's radius-client-events. */
@QuarkusTest
@GatewayTestResources
class NasClientsTest {

    private static final EventCodec CODEC = new EventCodec();

    @Inject
    RadiusListener listener;

    @Inject
    StaticClientsWatcher watcher;

    @InjectRadius
    RadiusFixture radius;

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectKeys
    KeyRing keys;

    @Inject
    NasClientRegistry registry;

    @Inject
    MeterRegistry meters;

    private RadiusTestClient client(String address, String secret) throws Exception {
        return new RadiusTestClient(
                InetAddress.getByName(address),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.authPort()),
                secret);
    }

    private static boolean answered(RadiusTestClient client) {
        return client.exchange(client.statusServer(), 400).isPresent();
    }

    @Test
    void appliesAChangedClientsFileAndKeepsTheLastGoodOneWhenItBreaks() throws Exception {
        String secret = RadiusResource.randomSecret();
        Files.writeString(radius.clientsFile().resolveSibling("reload.secret"), secret);
        try (RadiusTestClient newcomer = client("127.0.0.3", secret);
                TopicReader events = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_EVENTS)) {
            assertThat(answered(newcomer)).isFalse();

            Files.writeString(
                    radius.clientsFile(),
                    RadiusResource.clientsFile(",{\"name\": \"reloaded\", \"address\": \"127.0.0.3\","
                            + " \"secretFile\": \"reload.secret\", \"project\": \"demo\"}"));

            await().atMost(Duration.ofSeconds(10)).until(() -> answered(newcomer));
            events.await(
                    record -> record.value().contains("\"radius.static-clients-loaded\"")
                            && record.value().contains("\"reloaded\""),
                    1,
                    Duration.ofSeconds(10));
            assertThat(String.join(
                            "",
                            events.collect(record -> true, Duration.ofSeconds(1)).stream()
                                    .map(record -> record.value())
                                    .toList()))
                    .doesNotContain(secret, radius.secret());

            Files.writeString(radius.clientsFile(), "{\"clients\": [{\"name\": \"broken\"");
            Thread.sleep(1500);
            assertThat(answered(newcomer))
                    .as("the last good file stays in force")
                    .isTrue();
        } finally {
            Files.writeString(radius.clientsFile(), RadiusResource.clientsFile(""));
        }
    }

    @Test
    void announcesTheClientsInForceAgainAfterTheAnnounceIntervalEvenWithoutAChange() throws Exception {
        java.util.function.Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> announcement =
                record -> record.value().contains("\"radius.static-clients-loaded\"")
                        && record.value().contains(watcher.instance());
        try (TopicReader events = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_EVENTS)) {
            events.await(announcement, 1, Duration.ofSeconds(10));
            // Until the topic is quiet: other tests' file changes are announced too.
            int seen = -1;
            for (int i = 0;
                    i < 10
                            && seen
                                    != events.collect(announcement, Duration.ofSeconds(1))
                                            .size();
                    i++) {
                seen = events.collect(announcement, Duration.ZERO).size();
            }
            int before = events.collect(announcement, Duration.ZERO).size();

            assertThat(watcher.reload(radius.clientsFile())).isFalse();
            assertThat(events.collect(announcement, Duration.ofSeconds(1)))
                    .as("an unchanged file is not announced again within the interval")
                    .hasSize(before);

            watcher.useClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
            try {
                assertThat(watcher.reload(radius.clientsFile())).isFalse();
            } finally {
                watcher.useClock(Clock.systemUTC());
            }
            events.await(announcement, before + 1, Duration.ofSeconds(10));
        }
    }

    private SecretKey nasKey() throws Exception {
        return NasSecretKeys.parse(Files.readString(keys.file(KeyRing.NAS_SECRET_KEY), StandardCharsets.UTF_8))
                .sealing();
    }

    private static RadiusClientUpserted sealed(
            SecretKey key,
            String id,
            String name,
            String address,
            String secret,
            String previous,
            Instant previousValidUntil,
            long revision) {
        return SecretSeal.sealEvent(
                key, new ClientFields(id, name, address, "demo", true, previousValidUntil, revision), secret, previous);
    }

    @Test
    void followsConsoleClientsWithRotationAndDeletion() throws Exception {
        SecretKey key = nasKey();
        String id = UUID.randomUUID().toString();
        String first = RadiusResource.randomSecret();
        String second = RadiusResource.randomSecret();
        try (RadiusTestClient withFirst = client("127.0.0.4", first);
                RadiusTestClient withSecond = client("127.0.0.4", second);
                RadiusTestClient impostor = client("127.0.0.5", RadiusResource.randomSecret())) {
            publish(sealed(key, id, "console-vpn", "127.0.0.4/32", first, null, null, 1));
            await().atMost(Duration.ofSeconds(15)).until(() -> answered(withFirst));

            publish(sealed(
                    key,
                    id,
                    "console-vpn",
                    "127.0.0.4/32",
                    second,
                    first,
                    Instant.now().plusSeconds(600),
                    2));
            await().atMost(Duration.ofSeconds(10)).until(() -> answered(withSecond));
            assertThat(answered(withFirst))
                    .as("the previous secret during the overlap")
                    .isTrue();

            // An older revision arriving late changes nothing.
            publish(sealed(key, id, "console-vpn", "127.0.0.4/32", first, null, null, 1));
            // A console client may not take the name of a static one.
            String clash = UUID.randomUUID().toString();
            String clashSecret = RadiusResource.randomSecret();
            publish(sealed(key, clash, RadiusFixture.NAS, "127.0.0.5/32", clashSecret, null, null, 1));
            Thread.sleep(1500);
            assertThat(answered(withSecond)).isTrue();
            try (RadiusTestClient clashing = client("127.0.0.5", clashSecret)) {
                assertThat(answered(clashing)).isFalse();
            }

            publish(SecretSeal.sealDeletion(key, id, "console-vpn", 3));
            await().atMost(Duration.ofSeconds(10)).until(() -> !answered(withSecond));
            assertThat(answered(impostor)).isFalse();
        }
    }

    /**
     * Issue 16, item 4: a producer on radius-client-events without the NAS secret key replays a
     * console client's sealed secret with another address, project, Message-Authenticator
     * requirement, overlap or a higher revision, and forges deletions. None of it applies.
     */
    @Test
    void refusesAConsoleClientReplayedWithAnyFieldChangedAndForgedDeletions() throws Exception {
        SecretKey key = nasKey();
        String id = UUID.randomUUID().toString();
        String secret = RadiusResource.randomSecret();
        InetAddress nas = InetAddress.getByName("127.0.0.6");
        RadiusClientUpserted genuine = sealed(key, id, "sealed-vpn", "127.0.0.6/32", secret, null, null, 1);
        publish(genuine);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> registry.find(nas)
                        .filter(found -> found.id().equals(id))
                        .isPresent());
        double before = refusedRecords();

        List<dev.zeropin.events.DomainEvent> forged = List.of(
                new RadiusClientUpserted(id, "sealed-vpn", "0.0.0.0/0", "demo", true, genuine.secret(), null, null, 2),
                new RadiusClientUpserted(
                        id, "sealed-vpn", "127.0.0.6/32", "demo", false, genuine.secret(), null, null, 3),
                new RadiusClientUpserted(
                        id, "sealed-vpn", "127.0.0.6/32", "other", true, genuine.secret(), null, null, 4),
                new RadiusClientUpserted(
                        id,
                        "sealed-vpn",
                        "127.0.0.6/32",
                        "demo",
                        true,
                        genuine.secret(),
                        genuine.secret(),
                        Instant.now().plus(Duration.ofDays(365)),
                        5),
                new RadiusClientDeleted(id, "sealed-vpn", 6, null),
                new RadiusClientDeleted(
                        id,
                        "sealed-vpn",
                        7,
                        SecretSeal.sealDeletion(key, "another-client", "sealed-vpn", 7)
                                .seal()));
        forged.forEach(this::publish);
        await().atMost(Duration.ofSeconds(15)).until(() -> refusedRecords() >= before + forged.size());

        NasClient applied = registry.find(nas).orElseThrow();
        assertThat(applied.id()).isEqualTo(id);
        assertThat(applied.address().toString()).isEqualTo("127.0.0.6/32");
        assertThat(applied.clientId()).isEqualTo("demo");
        assertThat(applied.requireMessageAuthenticator()).isTrue();
        assertThat(applied.previousSecret()).isNull();
        assertThat(registry.find(InetAddress.getByName("198.51.100.1"))).isEmpty();
    }

    private double refusedRecords() {
        Counter counter = meters.find("zeropin.events.consumed")
                .tags("topic", Topics.RADIUS_CLIENT_EVENTS, "outcome", "seal_invalid")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void publish(dev.zeropin.events.DomainEvent event) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.RADIUS_CLIENT_EVENTS,
                            event.subject(),
                            CODEC.toJson(CODEC.envelope(event, Instant.now()))))
                    .get();
        } catch (Exception e) {
            throw new AssertionError("could not publish", e);
        }
    }
}
