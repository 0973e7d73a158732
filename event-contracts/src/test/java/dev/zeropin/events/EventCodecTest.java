package dev.zeropin.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import dev.zeropin.events.ProjectEvents.ProjectCreated;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ProjectUpdated;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.ProjectEvents.UnreachablePolicy;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30.123Z");

    private final EventCodec codec = new EventCodec();

    static ProjectSettings demoSettings() {
        return new ProjectSettings(
                "Demo",
                true,
                6,
                90,
                Set.of(VerificationMethod.EMAIL_CODE, VerificationMethod.EMAIL_LINK),
                List.of("example.com"),
                true,
                true);
    }

    @Test
    void roundTripsAProjectEventThroughJson() {
        ProjectCreated event = new ProjectCreated("demo", demoSettings());

        EventEnvelope sent = codec.envelope(event, NOW);
        EventEnvelope received = codec.fromJson(codec.toJson(sent));

        assertThat(received.id()).isEqualTo(sent.id());
        assertThat(received.type()).isEqualTo("project.created");
        assertThat(received.version()).isEqualTo(1);
        assertThat(received.occurredAt()).isEqualTo(NOW);
        assertThat(received.subject()).isEqualTo("demo");
        assertThat(codec.payload(received)).contains(event);
    }

    @Test
    void carriesTheDirectorySettingsWithTheirDefaultsAndWithoutAnyPassword() {
        DirectorySettings directory = new DirectorySettings(
                "ldaps://dc1.example.com",
                false,
                "/etc/zeropin/ca.pem",
                "cn=svc,dc=example,dc=com",
                "/etc/zeropin/bind-password",
                "dc=example,dc=com",
                "userPrincipalName",
                null,
                List.of("cn=vpn,dc=example,dc=com"),
                GroupCheck.IN_CHAIN,
                DisabledCheck.AD_USER_ACCOUNT_CONTROL,
                null,
                null,
                null,
                30,
                UnreachablePolicy.USE_CACHE,
                null);
        ProjectUpdated event = new ProjectUpdated("demo", 3, demoSettings().withDirectory(directory));

        String json = codec.toJson(codec.envelope(event, NOW));
        ProjectUpdated received =
                (ProjectUpdated) codec.payload(codec.fromJson(json)).orElseThrow();

        assertThat(received).isEqualTo(event);
        assertThat(received.settings().directory().timeoutMillis()).isEqualTo(DirectorySettings.DEFAULT_TIMEOUT_MILLIS);
        assertThat(received.settings().directory().staleMinutes()).isEqualTo(DirectorySettings.DEFAULT_STALE_MINUTES);
        assertThat(json).contains("\"bindPasswordFile\":\"/etc/zeropin/bind-password\"");
    }

    @Test
    void readsAProjectEventWithoutReplyMessagesWithTheDefaultWording() {
        String json = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"project.created\",\"version\":1,"
                + "\"occurredAt\":\"2026-11-28T10:15:30Z\",\"subject\":\"demo\",\"payload\":{\"clientId\":\"demo\","
                + "\"settings\":{\"name\":\"Demo\",\"enabled\":true,\"otpLength\":6,\"otpLifetimeSeconds\":90,"
                + "\"verificationMethods\":[\"EMAIL_CODE\"],\"allowedEmailDomains\":[],"
                + "\"browserAllowed\":true,\"mobileAllowed\":true}}}";

        ProjectCreated created =
                (ProjectCreated) codec.payload(codec.fromJson(json)).orElseThrow();

        assertThat(created.settings().replyMessages()).isEqualTo(ReplyMessages.DEFAULTS);
    }

    @Test
    void keepsTheDefaultsForTheReplyMessagesAProjectLeavesOut() {
        ProjectSettings settings = new ProjectSettings(
                "Demo",
                true,
                6,
                90,
                Set.of(VerificationMethod.EMAIL_CODE),
                List.of(),
                true,
                true,
                new ReplyMessages(null, "Falsches Einmalpasswort", "Gesperrt: noch {seconds} s"));

        ProjectCreated received = (ProjectCreated) codec.payload(
                        codec.fromJson(codec.toJson(codec.envelope(new ProjectCreated("demo", settings), NOW))))
                .orElseThrow();

        ReplyMessages messages = received.settings().replyMessages();
        assertThat(messages.accept()).isEqualTo(ReplyMessages.DEFAULTS.accept());
        assertThat(messages.reject()).isEqualTo("Falsches Einmalpasswort");
        assertThat(messages.lockedFor(42)).isEqualTo("Gesperrt: noch 42 s");
    }

    @Test
    void writesTheEnvelopeFieldsOfTheDesign() {
        String json = codec.toJson(codec.envelope(new ProjectCreated("demo", demoSettings()), NOW));

        assertThat(json)
                .contains("\"id\":\"", "\"type\":\"project.created\"", "\"version\":1")
                .contains("\"occurredAt\":\"2026-11-28T10:15:30.123Z\"", "\"subject\":\"demo\"", "\"payload\":{");
    }

    @Test
    void givesEachEnvelopeAFreshId() {
        ProjectCreated event = new ProjectCreated("demo", demoSettings());

        assertThat(codec.envelope(event, NOW).id())
                .isNotEqualTo(codec.envelope(event, NOW).id());
    }

    @Test
    void everyEventTypeIsUniqueAndBelongsToAKnownTopic() {
        assertThat(EventCodec.TYPES).hasSize(21);
        EventCodec.TYPES
                .values()
                .forEach(type ->
                        assertThat(Topics.ALL).contains(EventCodec.typeOf(type).topic()));
    }

    @Test
    void readsADropRecordWithoutACountAsOneDrop() {
        String json = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"radius.packet-dropped\",\"version\":1,"
                + "\"occurredAt\":\"2026-11-28T10:15:30Z\",\"subject\":\"10.0.0.1\","
                + "\"payload\":{\"nasName\":null,\"sourceAddress\":\"10.0.0.1\",\"reason\":\"unknown_client\"}}";

        RadiusEvents.PacketDropped dropped =
                (RadiusEvents.PacketDropped) codec.payload(codec.fromJson(json)).orElseThrow();

        assertThat(dropped.reason()).isEqualTo("unknown_client");
        assertThat(dropped.subject()).isEqualTo("10.0.0.1");
        assertThat(new RadiusEvents.PacketDropped("vpn", "10.0.0.1", "malformed").count())
                .isEqualTo(1);
    }

    @Test
    void roundTripsAnIdentityLockOnTheAuthTopicKeyedByTheMpinId() {
        AuthEvents.IdentityLocked locked = new AuthEvents.IdentityLocked(
                "7b22", "demo", "alice@example.com", 3, 3, NOW.plusSeconds(900), "192.0.2.7");

        EventEnvelope received = codec.fromJson(codec.toJson(codec.envelope(locked, NOW)));

        assertThat(received.type()).isEqualTo("identity.locked");
        assertThat(received.subject()).isEqualTo("7b22");
        assertThat(EventCodec.topicOf(locked)).isEqualTo(Topics.AUTH_EVENTS);
        assertThat(codec.payload(received)).contains(locked);
    }

    @Test
    void roundTripsTheStaticClientsOfAGatewayWithoutSecrets() {
        RadiusEvents.StaticClientsLoaded loaded = new RadiusEvents.StaticClientsLoaded(
                "gw-1", List.of(new RadiusEvents.StaticClient("vpn", "192.0.2.0/24", "demo", true)));

        String json = codec.toJson(codec.envelope(loaded, NOW));

        assertThat(json).contains("\"type\":\"radius.static-clients-loaded\"", "\"subject\":\"gw-1\"");
        assertThat(codec.payload(codec.fromJson(json))).contains(loaded);
    }

    @Test
    void ignoresPayloadFieldsAddedByANewerProducer() {
        String json = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"identity.blocked\",\"version\":1,"
                + "\"occurredAt\":\"2026-11-28T10:15:30Z\",\"subject\":\"m1\","
                + "\"payload\":{\"mpinId\":\"m1\",\"clientId\":\"demo\",\"userId\":\"a@example.com\",\"future\":42}}";

        Optional<DomainEvent> payload = codec.payload(codec.fromJson(json));

        assertThat(payload).contains(new AuthEvents.IdentityBlocked("m1", "demo", "a@example.com"));
    }

    @Test
    void decodesAnUnknownTypeToEmptySoConsumersCanSkipIt() {
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID(), "something.new", 1, NOW, "x", JsonNodeFactory.instance.objectNode());

        assertThat(codec.payload(envelope)).isEmpty();
    }

    @Test
    void refusesRecordsThatAreNotEnvelopes() {
        assertThatThrownBy(() -> codec.fromJson("not json")).isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> codec.fromJson("{\"type\":\"project.created\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> codec.fromJson("null")).isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void refusesAPayloadThatDoesNotMatchItsType() {
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID(),
                "project.created",
                1,
                NOW,
                "demo",
                JsonNodeFactory.instance.objectNode().put("settings", "not an object"));

        assertThatThrownBy(() -> codec.payload(envelope)).isInstanceOf(EventCodec.MalformedEventException.class);
    }
}
