package dev.zeropin.registration.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's live figures, computed from the audit trail that the services already feed:
 * logins per minute, accepts / rejects / drops per NAS, Message-Authenticator compliance per NAS,
 * and the p95 latency of RADIUS answers.
 */
@ApplicationScoped
public class ConsoleFigures {

    private final Clock clock;

    public ConsoleFigures(Clock clock) {
        this.clock = clock;
    }

    /** Logins in one minute. */
    public record Minute(Instant start, long accepted, long rejected) {}

    /** What one NAS did. */
    public record NasFigures(
            String nasName, long accepted, long rejected, long dropped, long messageAuthenticatorMissing) {}

    /** Everything the dashboard shows. */
    public record Figures(
            List<Minute> lastHour, List<NasFigures> nasLastDay, Double p95LatencyMillis, long loginsLastHour) {}

    @WithSession
    public Uni<Figures> computeFigures() {
        Instant now = clock.instant();
        Instant hourAgo = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return perMinute(hourAgo, now)
                .chain(minutes -> perNas(dayAgo)
                        .chain(nas -> p95(hourAgo)
                                .map(p95 -> new Figures(
                                        minutes,
                                        nas,
                                        p95,
                                        minutes.stream()
                                                .mapToLong(Minute::accepted)
                                                .sum()))));
    }

    private Uni<List<Minute>> perMinute(Instant from, Instant now) {
        String sql = "SELECT date_trunc('minute', occurred_at) AS minute,"
                + " count(*) FILTER (WHERE type = 'radius.access-accepted') AS accepted,"
                + " count(*) FILTER (WHERE type = 'radius.access-rejected') AS rejected"
                + " FROM audit_event WHERE occurred_at >= ?1 AND type IN ('radius.access-accepted',"
                + " 'radius.access-rejected') GROUP BY 1";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from)
                        .getResultList())
                .map(rows -> {
                    Map<Instant, Minute> byMinute = new LinkedHashMap<>();
                    for (Instant minute = from; minute.isBefore(now); minute = minute.plus(Duration.ofMinutes(1))) {
                        byMinute.put(minute, new Minute(minute, 0, 0));
                    }
                    for (Object[] row : rows) {
                        Instant minute = toInstant(row[0]);
                        byMinute.put(
                                minute,
                                new Minute(minute, ((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
                    }
                    return new ArrayList<>(byMinute.values());
                });
    }

    private Uni<List<NasFigures>> perNas(Instant from) {
        String sql = "SELECT nas_name,"
                + " count(*) FILTER (WHERE type = 'radius.access-accepted'),"
                + " count(*) FILTER (WHERE type = 'radius.access-rejected'),"
                + " count(*) FILTER (WHERE type = 'radius.packet-dropped'),"
                + " count(*) FILTER (WHERE type = 'radius.packet-dropped' AND detail LIKE '%message_authenticator%')"
                + " FROM audit_event WHERE occurred_at >= ?1 AND type LIKE 'radius.%' AND nas_name IS NOT NULL"
                + " GROUP BY nas_name ORDER BY nas_name";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new NasFigures(
                                (String) row[0],
                                ((Number) row[1]).longValue(),
                                ((Number) row[2]).longValue(),
                                ((Number) row[3]).longValue(),
                                ((Number) row[4]).longValue()))
                        .toList());
    }

    private Uni<Double> p95(Instant from) {
        String sql = "SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_micros) FROM audit_event"
                + " WHERE occurred_at >= ?1 AND latency_micros IS NOT NULL";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object.class)
                        .setParameter(1, from)
                        .getSingleResultOrNull())
                .map(value -> value == null ? null : ((Number) value).doubleValue() / 1000.0);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + value.getClass());
    }
}
