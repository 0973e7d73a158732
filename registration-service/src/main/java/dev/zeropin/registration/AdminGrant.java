package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A User ID allowed into the console: for every project (global) or for one. */
@Entity
@Table(name = "admin_grant")
public class AdminGrant extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public String userId;

    /** The project, or null for a global administrator. */
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "granted_by")
    public String grantedBy;

    @Column(name = "granted_at")
    public Instant grantedAt;

    public boolean isGlobal() {
        return clientId == null;
    }
}
