package dev.zeropin.otp.repository;

import dev.zeropin.otp.OneTimePassword;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Live OTPs. */
@ApplicationScoped
public class OtpRepository implements PanacheRepositoryBase<OneTimePassword, UUID> {

    /**
     * The OTPs of a user that have not expired at {@code now}, locked until the end of the
     * transaction: the verifications of a user's live OTP, on any replica, run one after the other,
     * so that each sees the failures counted by the one before.
     */
    public Uni<List<OneTimePassword>> lockLive(String clientId, String userId, Instant now) {
        return find("clientId = ?1 and userId = ?2 and expiresAt > ?3", clientId, userId, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /**
     * Consumes an OTP: deletes it if it is still there and alive. Exactly one of any number of
     * concurrent consumers gets {@code true}.
     */
    public Uni<Boolean> consume(UUID id, Instant now) {
        return delete("id = ?1 and expiresAt > ?2", id, now).map(count -> count == 1);
    }

    /** Removes the earlier OTPs of a user when a new one is minted: one live OTP per user. */
    public Uni<Long> deleteForUser(String clientId, String userId) {
        return delete("clientId = ?1 and userId = ?2", clientId, userId);
    }
}
