package dev.zeropin.otp.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final String FIND_ALL = "SELECT fingerprint, CAST(otp_id AS TEXT) FROM otp_accepted"
            + " WHERE fingerprint IN (:fingerprints) AND expires_at > :now";

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

    /**
     * The OTP ids of the accepted verifications with these fingerprints still in their window at
     * {@code now}, by fingerprint.
     */
    public Uni<Map<ByteBuffer, String>> findAll(List<byte[]> fingerprints, Instant now) {
        if (fingerprints.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(FIND_ALL, Object[].class)
                        .setParameter("fingerprints", fingerprints)
                        .setParameter("now", now)
                        .getResultList()
                        .map((List<Object[]> rows) -> {
                            Map<ByteBuffer, String> found = new HashMap<>();
                            rows.forEach(row -> found.put(ByteBuffer.wrap((byte[]) row[0]), (String) row[1]));
                            return found;
                        }));
    }

    /** Forgets the accepted verifications of a revoked identity. */
    public Uni<Integer> forgetIdentity(String mpinId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("DELETE FROM otp_accepted WHERE mpin_id = ?1")
                        .setParameter(1, mpinId)
                        .executeUpdate());
    }
}
