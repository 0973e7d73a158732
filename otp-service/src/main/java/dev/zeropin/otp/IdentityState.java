package dev.zeropin.otp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What otp-service knows of an identity: its run of wrong PINs and whether it is revoked. There is
 * no verifier here: nothing in this row helps to test a PIN.
 */
@Entity
@Table(name = "identity_state")
public class IdentityState extends PanacheEntityBase {

    @Id
    @Column(name = "mpin_id")
    public String mpinId;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    /** Proofs begun and not (yet) succeeded since the last success; counted before each check. */
    public int failures;

    /** Locked until then after a run of wrong PINs (null or past: not locked). */
    @Column(name = "locked_until")
    public Instant lockedUntil;

    /** The identity's point {@code H(id)} (public), kept so that logins need not hash to the curve. */
    public byte[] hid;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
