package dev.zeropin.events;

import java.time.Instant;

/**
 * Records published on {@value Topics#AUTH_EVENTS} by otp-service. Identity events use the M-Pin
 * id as subject; OTP events use {@code clientId/userId}. None carries the OTP itself.
 */
public final class AuthEvents {

    /** The subject of a user's OTP events. */
    public static String userSubject(String clientId, String userId) {
        return clientId + "/" + userId;
    }

    /** A device proved knowledge of its token and PIN. */
    @EventType(value = "authentication.succeeded", topic = Topics.AUTH_EVENTS)
    public record AuthenticationSucceeded(String mpinId, String clientId, String userId, String sourceAddress)
            implements DomainEvent {
        @Override
        public String subject() {
            return mpinId;
        }
    }

    /** A PIN proof failed; {@code attemptsLeft} before the identity is blocked. */
    @EventType(value = "authentication.pin-failed", topic = Topics.AUTH_EVENTS)
    public record PinFailed(String mpinId, String clientId, String userId, int attemptsLeft, String sourceAddress)
            implements DomainEvent {
        @Override
        public String subject() {
            return mpinId;
        }
    }

    /** Too many wrong PINs: the identity is blocked and must be revoked everywhere. */
    @EventType(value = "identity.blocked", topic = Topics.AUTH_EVENTS)
    public record IdentityBlocked(String mpinId, String clientId, String userId) implements DomainEvent {
        @Override
        public String subject() {
            return mpinId;
        }
    }

    /** An OTP was minted for a user; the OTP value is never part of the event. */
    @EventType(value = "otp.issued", topic = Topics.AUTH_EVENTS)
    public record OtpIssued(String otpId, String mpinId, String clientId, String userId, Instant expiresAt)
            implements DomainEvent {
        @Override
        public String subject() {
            return userSubject(clientId, userId);
        }
    }

    /** An OTP was presented and accepted (and thereby consumed). */
    @EventType(value = "otp.verified", topic = Topics.AUTH_EVENTS)
    public record OtpVerified(String otpId, String clientId, String userId, String method, String nasName)
            implements DomainEvent {
        @Override
        public String subject() {
            return userSubject(clientId, userId);
        }
    }

    /** A presented password matched no live OTP, or the user is in back-off. */
    @EventType(value = "otp.rejected", topic = Topics.AUTH_EVENTS)
    public record OtpRejected(String clientId, String userId, String reason, String method, String nasName)
            implements DomainEvent {
        @Override
        public String subject() {
            return userSubject(clientId, userId);
        }
    }

    private AuthEvents() {}
}
