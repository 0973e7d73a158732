package dev.zeropin.otp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Failed OTP verifications of one user from one source, and the back-off they earned. The source
 * is the endpoint the NAS reported (Calling-Station-Id) or else the NAS; {@link #ALL_SOURCES} is
 * the user's count over every source. Read only: {@code OtpFailureRepository} writes with upserts.
 */
@Entity
@Table(name = "otp_failure")
@IdClass(OtpFailure.Key.class)
public class OtpFailure extends PanacheEntityBase {

    /** The source of the row that counts a user's failures from all sources. */
    public static final String ALL_SOURCES = "*";

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Id
    @Column(name = "user_id")
    public String userId;

    @Id
    public String source;

    /** Failures not yet drained, as of {@link #drainedAt}. */
    public int failures;

    /** From this instant on, the next failure drains. */
    @Column(name = "drained_at")
    public Instant drainedAt;

    /** Backed off until then (null or past: not backed off). */
    @Column(name = "locked_until")
    public Instant lockedUntil;

    /** The primary key. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        public String clientId;
        public String userId;
        public String source;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(clientId, key.clientId)
                    && Objects.equals(userId, key.userId)
                    && Objects.equals(source, key.source);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientId, userId, source);
        }
    }
}
