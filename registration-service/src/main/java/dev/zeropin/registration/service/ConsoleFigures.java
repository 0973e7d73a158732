package dev.zeropin.registration.service;

import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
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
import java.util.Set;
import java.util.TreeSet;

/**
 * The console's live figures, computed from the audit trail that the services already feed:
 * logins per minute, accepts / rejects / drops per NAS, Message-Authenticator compliance per NAS,
 * and the p95 latency of RADIUS answers. A global administrator sees every project's; a project
 * administrator only the entries of their projects, and drops (which have no project) only of
 * the NAS names of their projects' clients (console-managed or announced from a gateway's file).
 */
@ApplicationScoped
public class ConsoleFigures {

    private final Clock clock;
    private final StaticRadiusClients staticClients;

    public ConsoleFigures(Clock clock, StaticRadiusClients staticClients) {
        this.clock = clock;
        this.staticClients = staticClients;
    }

    /**
     * Which audit entries count: those of {@code projects}, and those without a project (drops) of
     * {@code nasNames}; null for every entry.
     */
    record Scope(Set<String> projects, Set<String> nasNames) {

        /** The SQL condition, its parameters numbered from {@code first}. */
        String condition(int first, List<Object> parameters) {
            return " AND (client_id IN (" + placeholders(projects, first, parameters) + ")"
                    + " OR (client_id IS NULL AND nas_name IN ("
                    + placeholders(nasNames, first + Math.max(projects.size(), 1), parameters) + ")))";
        }

        private static String placeholders(Set<String> values, int first, List<Object> parameters) {
            List<String> marks = new ArrayList<>();
            List<String> list = values.isEmpty() ? List.of("") : List.copyOf(values);
            for (int i = 0; i < list.size(); i++) {
                marks.add("?" + (first + i));
                parameters.add(list.get(i));
            }
            return String.join(", ", marks);
        }
    }

    /** Logins in one minute. */
    public record Minute(Instant start, long accepted, long rejected) {}

    /** What one NAS did. */
    public record NasFigures(
            String nasName, long accepted, long rejected, long dropped, long messageAuthenticatorMissing) {}

    /** Everything the dashboard shows. */
    public record Figures(
            List<Minute> lastHour, List<NasFigures> nasLastDay, Double p95LatencyMillis, long loginsLastHour) {}

    /** The figures an administrator may see. */
    @WithSession
    public Uni<Figures> computeFigures(ConsoleSession session) {
        if (session.global()) {
            return compute(null);
        }
        Set<String> projects = session.projects();
        return Panache.getSession()
                .chain(db -> db.createNativeQuery("SELECT name, client_id FROM radius_client", Object[].class)
                        .getResultList())
                .chain(console -> staticClients.snapshot().map(announced -> {
                    Set<String> names = new TreeSet<>();
                    console.stream()
                            .filter(row -> projects.contains((String) row[1]))
                            .forEach(row -> names.add((String) row[0]));
                    announced.clients().stream()
                            .filter(client -> projects.contains(client.clientId()))
                            .forEach(client -> names.add(client.name()));
                    return new Scope(projects, names);
                }))
                .chain(this::compute);
    }

    private Uni<Figures> compute(Scope scope) {
        Instant now = clock.instant();
        Instant hourAgo = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return perMinute(hourAgo, now, scope)
                .chain(minutes -> perNas(dayAgo, scope)
                        .chain(nas -> p95(hourAgo, scope)
                                .map(p95 -> new Figures(
                                        minutes,
                                        nas,
                                        p95,
                                        minutes.stream()
                                                .mapToLong(Minute::accepted)
                                                .sum()))));
    }

    /** Runs a query whose first parameter is {@code from}, restricted to the scope where it says {@code %s}. */
    private static <T> Uni<List<T>> query(String sql, Class<T> type, Instant from, Scope scope) {
        List<Object> parameters = new ArrayList<>();
        String scoped = sql.formatted(scope == null ? "" : scope.condition(2, parameters));
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(scoped, type).setParameter(1, from);
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 2, parameters.get(i));
            }
            return query.getResultList();
        });
    }

    private Uni<List<Minute>> perMinute(Instant from, Instant now, Scope scope) {
        String sql = "SELECT date_trunc('minute', occurred_at) AS minute,"
                + " count(*) FILTER (WHERE type = 'radius.access-accepted') AS accepted,"
                + " count(*) FILTER (WHERE type = 'radius.access-rejected') AS rejected"
                + " FROM audit_event WHERE occurred_at >= ?1 AND type IN ('radius.access-accepted',"
                + " 'radius.access-rejected')%s GROUP BY 1";
        return query(sql, Object[].class, from, scope).map(rows -> {
            Map<Instant, Minute> byMinute = new LinkedHashMap<>();
            for (Instant minute = from; minute.isBefore(now); minute = minute.plus(Duration.ofMinutes(1))) {
                byMinute.put(minute, new Minute(minute, 0, 0));
            }
            for (Object[] row : rows) {
                Instant minute = toInstant(row[0]);
                byMinute.put(minute, new Minute(minute, ((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
            }
            return new ArrayList<>(byMinute.values());
        });
    }

    private Uni<List<NasFigures>> perNas(Instant from, Scope scope) {
        String sql = "SELECT nas_name,"
                + " count(*) FILTER (WHERE type = 'radius.access-accepted'),"
                + " count(*) FILTER (WHERE type = 'radius.access-rejected'),"
                + " count(*) FILTER (WHERE type = 'radius.packet-dropped'),"
                + " count(*) FILTER (WHERE type = 'radius.packet-dropped' AND detail LIKE '%%message_authenticator%%')"
                + " FROM audit_event WHERE occurred_at >= ?1 AND type LIKE 'radius.%%' AND nas_name IS NOT NULL%s"
                + " GROUP BY nas_name ORDER BY nas_name";
        return query(sql, Object[].class, from, scope)
                .map(rows -> rows.stream()
                        .map(row -> new NasFigures(
                                (String) row[0],
                                ((Number) row[1]).longValue(),
                                ((Number) row[2]).longValue(),
                                ((Number) row[3]).longValue(),
                                ((Number) row[4]).longValue()))
                        .toList());
    }

    private Uni<Double> p95(Instant from, Scope scope) {
        String sql = "SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_micros) FROM audit_event"
                + " WHERE occurred_at >= ?1 AND latency_micros IS NOT NULL%s";
        return query(sql, Object.class, from, scope)
                .map(rows ->
                        rows.isEmpty() || rows.get(0) == null ? null : ((Number) rows.get(0)).doubleValue() / 1000.0);
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
