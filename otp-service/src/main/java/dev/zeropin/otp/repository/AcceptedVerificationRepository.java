package dev.zeropin.otp.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepted verifications kept for the retry window (table {@code otp_accepted}, V9): a keyed
 * fingerprint of the OTP and the NAS session, never the OTP. Written in the transaction that
 * consumes the OTP, so a retry can match only once the consumption has committed.
 */
@ApplicationScoped
public class AcceptedVerificationRepository {

    private static final String REMEMBER = "INSERT INTO otp_accepted"
            + " (fingerprint, client_id, user_id, mpin_id, otp_id, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            + " ON CONFLICT (fingerprint) DO NOTHING";
    private static final String FIND =
            "SELECT CAST(otp_id AS TEXT) FROM otp_accepted WHERE fingerprint = ?1 AND expires_at > ?2";

    /** Keeps an accepted verification until {@code expiresAt}; runs inside the caller's transaction. */
    public Uni<Integer> remember(
            byte[] fingerprint, String clientId, String userId, String mpinId, UUID otpId, Instant expiresAt) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(REMEMBER)
                        .setParameter(1, fingerprint)
                        .setParameter(2, clientId)
                        .setParameter(3, userId)
                        .setParameter(4, mpinId)
                        .setParameter(5, otpId)
                        .setParameter(6, expiresAt)
                        .executeUpdate());
    }

    /** The OTP id of an accepted verification with this fingerprint still in its window at {@code now}. */
    public Uni<Optional<String>> find(byte[] fingerprint, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(FIND, String.class)
                        .setParameter(1, fingerprint)
                        .setParameter(2, now)
                        .getResultList()
                        .map((List<String> rows) -> rows.stream().findFirst()));
    }

    /** Forgets the accepted verifications of a revoked identity. */
    public Uni<Integer> forgetIdentity(String mpinId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("DELETE FROM otp_accepted WHERE mpin_id = ?1")
                        .setParameter(1, mpinId)
                        .executeUpdate());
    }
}
