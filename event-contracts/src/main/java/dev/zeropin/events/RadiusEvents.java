package dev.zeropin.events;

/**
 * Records published on {@value Topics#RADIUS_EVENTS} by radius-gateway. The subject is the NAS
 * name (or the source address for packets from unknown sources). No password, no shared secret.
 */
public final class RadiusEvents {

    /** An Access-Request was accepted. */
    @EventType(value = "radius.access-accepted", topic = Topics.RADIUS_EVENTS)
    public record AccessAccepted(
            String nasName, String sourceAddress, String clientId, String userId, String method, long latencyMicros)
            implements DomainEvent {
        @Override
        public String subject() {
            return nasName;
        }
    }

    /** An Access-Request was rejected. */
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

    /** A packet was dropped without an answer (unknown source, bad authenticator, malformed...). */
    @EventType(value = "radius.packet-dropped", topic = Topics.RADIUS_EVENTS)
    public record PacketDropped(String nasName, String sourceAddress, String reason) implements DomainEvent {
        @Override
        public String subject() {
            return nasName != null ? nasName : sourceAddress;
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

    private RadiusEvents() {}
}
