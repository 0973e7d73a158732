package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A one-time activation link for a phone, shown as a QR code; only the hash of its code is kept. */
@Entity
@Table(name = "mobile_activation")
public class MobileActivation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "code_hash")
    public byte[] codeHash;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
