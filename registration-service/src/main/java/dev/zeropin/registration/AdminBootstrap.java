package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A one-time link: a bootstrap link (no User ID) makes its user a global administrator; a sign-in
 * link (with a User ID) enrols an identity of that User ID, which holds a grant, for the console.
 */
@Entity
@Table(name = "admin_bootstrap")
public class AdminBootstrap extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "code_hash")
    public byte[] codeHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "used_by")
    public String usedBy;

    /** The User ID a sign-in link is for; null for a bootstrap link. */
    @Column(name = "user_id")
    public String userId;
}
