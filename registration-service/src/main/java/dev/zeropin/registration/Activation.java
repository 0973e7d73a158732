package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An issued activation token (by its id): single use is enforced here, not by the token. */
@Entity
@Table(name = "activation")
public class Activation extends PanacheEntityBase {

    /** The token's {@code jti}. */
    @Id
    public UUID id;

    @Column(name = "registration_id")
    public UUID registrationId;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
