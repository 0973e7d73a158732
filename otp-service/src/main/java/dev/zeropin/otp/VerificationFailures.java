package dev.zeropin.otp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Failed OTP verifications of one user of one project, and the back-off they earned. */
@Entity
@Table(name = "verification_failures")
public class VerificationFailures extends PanacheEntityBase {

    /** {@code clientId/userId}. */
    @Id
    public String subject;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    public int failures;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
