package dev.zeropin.otp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The state between pass 1 and pass 2 of one proof; single use, short-lived. */
@Entity
@Table(name = "auth_session")
public class AuthSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "mpin_id")
    public String mpinId;

    /** The device's commitment {@code U = x·H(id)} (public). */
    public byte[] u;

    /** The server's challenge (public: sent to the device). */
    public byte[] y;

    @Column(name = "source_address")
    public String sourceAddress;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** Set by pass 2; a session is used at most once. */
    @Column(name = "used_at")
    public Instant usedAt;
}
