package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An identity enrolled for the console: only enrolled identities of a User ID with a grant open it,
 * so that an identity won for an administrator's User ID elsewhere (in any project) does not. An
 * identity is enrolled by redeeming a bootstrap link or a sign-in link with its PIN proof.
 */
@Entity
@Table(name = "admin_identity")
public class AdminIdentity extends PanacheEntityBase {

    @Id
    @Column(name = "mpin_id")
    public String mpinId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "enrolled_at")
    public Instant enrolledAt;

    /** Who made the link it was enrolled with ({@code bootstrap} for a bootstrap link). */
    @Column(name = "enrolled_by")
    public String enrolledBy;
}
