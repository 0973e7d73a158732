package dev.zeropin.otp.repository;

import dev.zeropin.otp.OneTimePassword;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Live OTPs. */
@ApplicationScoped
public class OtpRepository implements PanacheRepositoryBase<OneTimePassword, UUID> {

    /**
     * The OTPs of these users that have not expired at {@code now} (and, at times, of a same-named
     * user of another of these projects: callers match on both), locked until the end of the
     * transaction, in the order of project, user and id: verifications of a user's live OTP, on any
     * replica, run one after the other, so that each sees the failures counted by the one before,
     * and batches that lock in one order cannot deadlock.
     */
    public Uni<List<OneTimePassword>> lockLive(Collection<String> clientIds, Collection<String> userIds, Instant now) {
        return find(
                        "clientId in ?1 and userId in ?2 and expiresAt > ?3 order by clientId, userId, id",
                        clientIds,
                        userIds,
                        now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Consumes OTPs: deletes those still there and alive; returns how many it deleted. */
    public Uni<Long> consumeAll(Collection<UUID> ids, Instant now) {
        return delete("id in ?1 and expiresAt > ?2", ids, now);
    }

    /** Removes the earlier OTPs of a user when a new one is minted: one live OTP per user. */
    public Uni<Long> deleteForUser(String clientId, String userId) {
        return delete("clientId = ?1 and userId = ?2", clientId, userId);
    }
}
