package dev.zeropin.events;

import java.time.Instant;

/** Records published on {@value Topics#IDENTITY_EVENTS}; the subject is the M-Pin id. */
public final class IdentityEvents {

    /** Why an identity was revoked. */
    public enum RevocationReason {
        /** The user deleted it from a device. */
        USER,
        /** An administrator revoked it. */
        ADMIN,
        /** Too many wrong PINs in a row. */
        BLOCKED,
        /** The user chose a new PIN, which creates a new identity. */
        REPLACED
    }

    /**
     * A device registered a new identity.
     *
     * @param mpinId the M-Pin id (hex of its JSON form), public by design
     * @param clientId the project
     * @param userId the normalised User ID
     * @param deviceLabel a short description of the device, e.g. "Chrome on Linux"
     * @param registeredAt when the client secret was issued
     */
    @EventType(value = "identity.registered", topic = Topics.IDENTITY_EVENTS)
    public record IdentityRegistered(
            String mpinId, String clientId, String userId, String deviceLabel, Instant registeredAt)
            implements DomainEvent {
        @Override
        public String subject() {
            return mpinId;
        }
    }

    /** An identity can no longer authenticate. */
    @EventType(value = "identity.revoked", topic = Topics.IDENTITY_EVENTS)
    public record IdentityRevoked(
            String mpinId, String clientId, String userId, RevocationReason reason, String revokedBy)
            implements DomainEvent {
        @Override
        public String subject() {
            return mpinId;
        }
    }

    private IdentityEvents() {}
}
