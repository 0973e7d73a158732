package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of the usage history: an event of otp-service or radius-gateway, by its event id. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** The event type, e.g. {@code otp.verified}, {@code radius.access-rejected}. */
    public String type;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "mpin_id")
    public String mpinId;

    @Column(name = "nas_name")
    public String nasName;

    @Column(name = "source_address")
    public String sourceAddress;

    /** {@code success}, {@code failure} or {@code info}. */
    public String result;

    /** A reason or method, never a secret. */
    public String detail;

    /** For RADIUS decisions: the gateway's time from request to answer, in microseconds. */
    @Column(name = "latency_micros")
    public Long latencyMicros;
}
