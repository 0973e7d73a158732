package dev.zeropin.otp.repository;

import dev.zeropin.otp.OtpFailure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Failed OTP verifications per user and source, and per user over all sources. */
@ApplicationScoped
public class OtpFailureRepository implements PanacheRepositoryBase<OtpFailure, OtpFailure.Key> {

    private static final String SAVE = "INSERT INTO otp_failure"
            + " (client_id, user_id, source, failures, drained_at, locked_until) VALUES (?1, ?2, ?3, ?4, ?5, %s)"
            + " ON CONFLICT (client_id, user_id, source) DO UPDATE SET failures = excluded.failures,"
            + " drained_at = excluded.drained_at, locked_until = excluded.locked_until";
    private static final String SAVE_LOCKED = SAVE.formatted("?6");
    private static final String SAVE_UNLOCKED = SAVE.formatted("NULL");

    /** The rows of these users for these sources (callers match on project, user and source). */
    public Uni<List<OtpFailure>> listFailures(
            Collection<String> clientIds, Collection<String> userIds, Collection<String> sources) {
        return list("clientId in ?1 and userId in ?2 and source in ?3", clientIds, userIds, sources);
    }

    /** Writes a count (created or replaced); runs inside the caller's transaction. */
    public Uni<Integer> saveFailures(
            String clientId, String userId, String source, int failures, Instant drainedAt, Instant lockedUntil) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(lockedUntil == null ? SAVE_UNLOCKED : SAVE_LOCKED)
                    .setParameter(1, clientId)
                    .setParameter(2, userId)
                    .setParameter(3, source)
                    .setParameter(4, failures)
                    .setParameter(5, drainedAt);
            if (lockedUntil != null) {
                query.setParameter(6, lockedUntil);
            }
            return query.executeUpdate();
        });
    }

    /** Forgets the failures of a user from one source (after a success from it). */
    public Uni<Long> forgetFailures(String clientId, String userId, String source) {
        return delete("clientId = ?1 and userId = ?2 and source = ?3", clientId, userId, source);
    }
}
