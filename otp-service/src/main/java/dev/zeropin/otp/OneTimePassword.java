package dev.zeropin.otp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A live OTP, encrypted; deleted when it is used or has expired. */
@Entity
@Table(name = "otp")
public class OneTimePassword extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "mpin_id")
    public String mpinId;

    public byte[] nonce;

    /** AES-256-GCM of the digits, bound to id, project and User ID. */
    public byte[] ciphertext;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
