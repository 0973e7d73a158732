package dev.zeropin.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Records published on {@value Topics#RADIUS_EVENTS} by radius-gateway. The subject is the NAS
 * name (or the source address for packets from unknown sources). No password, no shared secret.
 */
public final class RadiusEvents {

    /**
     * An Access-Request was accepted. No longer published since 2026-12 (the login's durable record
     * is otp-service's {@link AuthEvents.OtpVerified}; the gateway reports {@link TrafficReported});
     * still read from older records.
     */
    @EventType(value = "radius.access-accepted", topic = Topics.RADIUS_EVENTS)
    public record AccessAccepted(
            String nasName, String sourceAddress, String clientId, String userId, String method, long latencyMicros)
            implements DomainEvent {
        @Override
        public String subject() {
            return nasName;
        }
    }

    /**
     * An Access-Request was rejected. No longer published since 2026-12 (see {@link
     * TrafficReported}); still read from older records.
     */
    @EventType(value = "radius.access-rejected", topic = Topics.RADIUS_EVENTS)
    public record AccessRejected(
            String nasName,
            String sourceAddress,
            String clientId,
            String userId,
            String method,
            String reason,
            long latencyMicros)
            implements DomainEvent {
        @Override
        public String subject() {
            return nasName;
        }
    }

    /**
     * Packets were dropped without an answer (unknown source, bad authenticator, malformed...).
     * The gateway aggregates drops: one record stands for {@code count} drops of one reason from
     * one source within a short window, so that a flood cannot flood Kafka.
     *
     * @param nasName the RADIUS client, or null for an unknown source
     * @param sourceAddress the source address, or {@code "*"} when drops of many sources were merged
     * @param reason why (snake_case, e.g. {@code unknown_client}, {@code bad_message_authenticator})
     * @param count how many packets this record stands for (at least 1; absent in older records)
     */
    @EventType(value = "radius.packet-dropped", topic = Topics.RADIUS_EVENTS)
    public record PacketDropped(String nasName, String sourceAddress, String reason, long count)
            implements DomainEvent {

        /** One dropped packet. */
        public PacketDropped(String nasName, String sourceAddress, String reason) {
            this(nasName, sourceAddress, reason, 1);
        }

        @Override
        public String subject() {
            return nasName != null ? nasName : sourceAddress;
        }
    }

    /**
     * What one gateway instance answered for one NAS during one window (telemetry, fire-and-forget):
     * the console's traffic figures. Counting instead of one event per request keeps a flood of
     * requests from flooding Kafka and the usage history.
     *
     * @param instance the gateway instance (host name and process)
     * @param nasName the RADIUS client
     * @param clientId its project
     * @param windowStart when the window began
     * @param windowSeconds its length
     * @param accepted Access-Accepts sent
     * @param rejected Access-Rejects sent, by reason ({@code invalid_otp}, {@code locked},
     *     {@code otp_unavailable}, {@code unsupported_method}, ...)
     * @param messageAuthenticatorMissing Access-Requests that came without a Message-Authenticator
     * @param latencyCounts answers per latency bucket, bounds in {@link #LATENCY_BUCKETS_MICROS}
     *     (one more count than bounds: the last counts everything slower)
     */
    @EventType(value = "radius.traffic-reported", topic = Topics.RADIUS_EVENTS)
    public record TrafficReported(
            String instance,
            String nasName,
            String clientId,
            Instant windowStart,
            long windowSeconds,
            long accepted,
            Map<String, Long> rejected,
            long messageAuthenticatorMissing,
            List<Long> latencyCounts)
            implements DomainEvent {

        /** Upper bounds (inclusive, microseconds) of the latency buckets of {@code latencyCounts}. */
        public static final List<Long> LATENCY_BUCKETS_MICROS = List.of(
                250L,
                500L,
                1_000L,
                2_000L,
                5_000L,
                10_000L,
                20_000L,
                50_000L,
                100_000L,
                200_000L,
                500_000L,
                1_000_000L,
                2_000_000L);

        @Override
        public String subject() {
            return nasName;
        }
    }

    /** An Accounting-Request was received and acknowledged. */
    @EventType(value = "radius.accounting", topic = Topics.RADIUS_EVENTS)
    public record AccountingReceived(
            String nasName,
            String sourceAddress,
            String userId,
            String statusType,
            String sessionId,
            Long sessionTimeSeconds,
            Long inputOctets,
            Long outputOctets)
            implements DomainEvent {
        @Override
        public String subject() {
            return nasName;
        }
    }

    /**
     * A gateway instance loaded its static RADIUS clients (at start and after every successful
     * reload of its clients file). Carries no secret.
     *
     * @param instance the gateway instance (host name and process), the subject
     * @param clients every static client now in force
     */
    @EventType(value = "radius.static-clients-loaded", topic = Topics.RADIUS_EVENTS)
    public record StaticClientsLoaded(String instance, List<StaticClient> clients) implements DomainEvent {
        @Override
        public String subject() {
            return instance;
        }
    }

    /**
     * A RADIUS client declared in a gateway's clients file.
     *
     * @param name its name, as in metrics and events
     * @param address the source address or CIDR, canonical ({@code 192.0.2.10/32})
     * @param clientId the project it authenticates against
     * @param requireMessageAuthenticator false only for legacy equipment
     */
    public record StaticClient(String name, String address, String clientId, boolean requireMessageAuthenticator) {}

    private RadiusEvents() {}
}
