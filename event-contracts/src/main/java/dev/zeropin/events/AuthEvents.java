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

    /**
     * A run of wrong PINs locked the identity until {@code lockedUntil}; proofs are refused until
     * then. The owner should be told (it may not have been them: anyone who knows an mpinId can send
     * wrong proofs), e.g. by e-mail from registration-service.
     *
     * @param failures wrong PINs in a row so far
     * @param attemptsLeft wrong PINs after the lock before the identity is revoked
     * @param sourceAddress where the last wrong proof came from
     */
    @EventType(value = "identity.locked", topic = Topics.AUTH_EVENTS)
    public record IdentityLocked(
            String mpinId,
            String clientId,
            String userId,
            int failures,
            int attemptsLeft,
            Instant lockedUntil,
            String sourceAddress)
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

    /**
     * An OTP was presented and accepted (and thereby consumed): the one durable record of a RADIUS
     * login, staged in the transaction that consumed the OTP.
     *
     * @param method how the NAS presented it ({@code PAP}, {@code CHAP}, {@code MSCHAPV2}, {@code EAP-GTC}, ...)
     * @param nasName the RADIUS client
     * @param nasAddress the NAS's source address (absent in records written before 2026-12)
     * @param callingStationId the Calling-Station-Id the NAS reported (usually the user's address), or null
     * @param retry true when this Accept repeats an earlier one for a NAS's retry within the retry
     *     window (same OTP, NAS and session; the OTP was not consumed again, {@code otpId} is that of
     *     the first Accept); false for the consuming Accept and in records written before 2026-12
     */
    @EventType(value = "otp.verified", topic = Topics.AUTH_EVENTS)
    public record OtpVerified(
            String otpId,
            String clientId,
            String userId,
            String method,
            String nasName,
            String nasAddress,
            String callingStationId,
            boolean retry)
            implements DomainEvent {

        /** The record of a consuming Accept. */
        public OtpVerified(
                String otpId,
                String clientId,
                String userId,
                String method,
                String nasName,
                String nasAddress,
                String callingStationId) {
            this(otpId, clientId, userId, method, nasName, nasAddress, callingStationId, false);
        }

        /** A record without the NAS's session details. */
        public OtpVerified(String otpId, String clientId, String userId, String method, String nasName) {
            this(otpId, clientId, userId, method, nasName, null, null, false);
        }

        @Override
        public String subject() {
            return userSubject(clientId, userId);
        }
    }

    /**
     * A presented password was refused for a user who had a live OTP or a failure record: it matched
     * none, it was used already, or its endpoint is backed off. Attempts for users with neither
     * change nothing and are counted only in the gateway's traffic figures.
     *
     * @param reason {@code invalid_otp}, {@code already_used} or {@code locked}
     * @param nasAddress the NAS's source address (absent in records written before 2026-12)
     * @param callingStationId the Calling-Station-Id the NAS reported, or null
     */
    @EventType(value = "otp.rejected", topic = Topics.AUTH_EVENTS)
    public record OtpRejected(
            String clientId,
            String userId,
            String reason,
            String method,
            String nasName,
            String nasAddress,
            String callingStationId)
            implements DomainEvent {

        /** A record without the NAS's session details. */
        public OtpRejected(String clientId, String userId, String reason, String method, String nasName) {
            this(clientId, userId, reason, method, nasName, null, null);
        }

        @Override
        public String subject() {
            return userSubject(clientId, userId);
        }
    }

    /**
     * The project's company directory did not admit a user at login time: no OTP was issued (stage
     * {@code otp}), or a live OTP was refused over RADIUS (stage {@code radius}).
     *
     * @param stage {@code otp} or {@code radius}
     * @param reason why, e.g. {@code disabled in the directory} or {@code directory_unreachable:
     *     ...}; never a secret
     * @param nasName the NAS of a RADIUS refusal, else null
     */
    @EventType(value = "directory.refused", topic = Topics.AUTH_EVENTS)
    public record DirectoryRefused(String clientId, String userId, String stage, String reason, String nasName)
            implements DomainEvent {
        @Override
        public String subject() {
            return userSubject(clientId, userId);
        }
    }

    /**
     * The directory could not be asked and the project's policy ({@code USE_CACHE}) let an earlier
     * answer decide.
     *
     * @param stage {@code otp} or {@code radius}
     * @param ageSeconds how old the answer used was
     * @param reason why the directory could not be asked, and the answer used
     */
    @EventType(value = "directory.cached-answer-used", topic = Topics.AUTH_EVENTS)
    public record DirectoryCachedAnswerUsed(
            String clientId, String userId, String stage, long ageSeconds, String reason) implements DomainEvent {
        @Override
        public String subject() {
            return userSubject(clientId, userId);
        }
    }

    private AuthEvents() {}
}
