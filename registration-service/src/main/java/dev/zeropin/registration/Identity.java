package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A registered device identity. The client secret issued for it is not stored (nor anything from
 * which a PIN could be tested): the row only says that the identity exists and whether it is valid.
 */
@Entity
@Table(name = "identity")
public class Identity extends PanacheEntityBase {

    /** Whether an identity can still authenticate. */
    public enum State {
        ACTIVE,
        REVOKED
    }

    @Id
    @Column(name = "mpin_id")
    public String mpinId;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "device_label")
    public String deviceLabel;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "revoked_reason")
    public String revokedReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
