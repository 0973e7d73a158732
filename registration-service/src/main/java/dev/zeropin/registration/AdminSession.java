package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A console session, opened by a PIN proof of an allowed User ID; it expires and can be ended. */
@Entity
@Table(name = "admin_session")
public class AdminSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "mpin_id")
    public String mpinId;

    @Column(name = "source_address")
    public String sourceAddress;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
