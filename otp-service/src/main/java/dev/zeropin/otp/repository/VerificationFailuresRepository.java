package dev.zeropin.otp.repository;

import dev.zeropin.otp.VerificationFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;

/** Failed OTP verifications per user. */
@ApplicationScoped
public class VerificationFailuresRepository implements PanacheRepositoryBase<VerificationFailures, String> {

    private static final String ENSURE = "INSERT INTO verification_failures (subject, client_id, user_id, failures,"
            + " updated_at) VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (subject) DO NOTHING";

    /**
     * The failures of a user, created when missing and locked until the end of the transaction:
     * verifications of one user's OTPs run one after the other.
     */
    public Uni<VerificationFailures> lockFailures(String clientId, String userId, Instant now) {
        String subject = clientId + "/" + userId;
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(ENSURE)
                        .setParameter(1, subject)
                        .setParameter(2, clientId)
                        .setParameter(3, userId)
                        .setParameter(4, now)
                        .executeUpdate())
                .chain(() -> findById(subject, LockModeType.PESSIMISTIC_WRITE));
    }
}
