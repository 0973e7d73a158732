package dev.zeropin.otp.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The two statements of a PIN proof, each one prepared statement and one round trip on the plain
 * reactive client (autocommit): pass 1 stores its session and counts the request against the
 * identity; pass 2 consumes the session and counts the attempt against the identity, committed
 * before the pairing check runs.
 */
@ApplicationScoped
public class AttemptRepository {

    /**
     * Pass 1: counts the request in the identity's current minute (known identities only) and
     * stores the session unless that count is over the limit. Touches unlogged tables only, so
     * its commit does not wait for a disk flush.
     */
    static final String STORE_SESSION = """
            WITH known AS (
                SELECT mpin_id FROM identity_state WHERE mpin_id = $1::text
            ), counted AS (
                INSERT INTO identity_pass1_window AS w (mpin_id, window_start, requests)
                SELECT mpin_id, $8::timestamptz, 1 FROM known
                ON CONFLICT (mpin_id) DO UPDATE
                    SET requests = CASE WHEN w.window_start = excluded.window_start THEN w.requests + 1 ELSE 1 END,
                        window_start = excluded.window_start
                RETURNING requests
            ), stored AS (
                INSERT INTO auth_session (id, mpin_id, client_id, u, y, source_address, created_at, expires_at)
                SELECT $2::uuid, $1::text, $3::text, $4::bytea, $5::bytea, $6::text, $7::timestamptz, $9::timestamptz
                WHERE NOT EXISTS (SELECT 1 FROM counted WHERE requests > $10::int4)
                RETURNING id
            )
            SELECT (SELECT count(*) FROM stored) AS stored
            """;

    /**
     * Pass 2: consumes the session (single use: one DELETE wins) and counts the attempt. A known
     * identity that is not revoked, not locked and under the limit gets {@code failures + 1} (and,
     * when that reaches a multiple of the lock size, the lock it earns if the proof fails); an
     * unknown one is counted in {@code unconfirmed_identity} within its budget. The identity's
     * state and the project are read alongside, for the answer when the attempt is refused.
     */
    static final String BEGIN_ATTEMPT = """
            WITH session AS (
                DELETE FROM auth_session WHERE id = $1::uuid AND expires_at > $2::timestamptz AND used_at IS NULL
                RETURNING mpin_id, client_id, u, y
            ), project AS (
                SELECT p.enabled FROM project_copy p JOIN session s ON p.client_id = s.client_id
            ), known AS (
                SELECT t.* FROM identity_state t JOIN session s ON t.mpin_id = s.mpin_id
            ), attempt AS (
                UPDATE identity_state t
                   SET failures = t.failures + 1,
                       locked_until = CASE WHEN (t.failures + 1) % $3::int4 = 0 AND t.failures + 1 < $4::int4
                                           THEN $2::timestamptz
                                                + ($5::int8[])[(t.failures + 1) / $3::int4] * interval '1 second'
                                           ELSE t.locked_until END,
                       updated_at = $2::timestamptz
                  FROM session s
                 WHERE t.mpin_id = s.mpin_id
                   AND t.revoked_at IS NULL
                   AND t.failures < $4::int4
                   AND (t.locked_until IS NULL OR t.locked_until <= $2::timestamptz)
                   AND EXISTS (SELECT 1 FROM project WHERE enabled)
                RETURNING t.failures, t.locked_until
            ), unconfirmed AS (
                INSERT INTO unconfirmed_identity AS c (mpin_id, attempts, created_at)
                SELECT s.mpin_id, 1, $2::timestamptz FROM session s
                 WHERE NOT EXISTS (SELECT 1 FROM known)
                   AND EXISTS (SELECT 1 FROM project WHERE enabled)
                ON CONFLICT (mpin_id) DO UPDATE
                    SET attempts = CASE WHEN c.created_at > $6::timestamptz THEN c.attempts + 1 ELSE 1 END,
                        created_at = CASE WHEN c.created_at > $6::timestamptz THEN c.created_at ELSE excluded.created_at END
                    WHERE c.attempts < $3::int4 OR c.created_at <= $6::timestamptz
                RETURNING c.attempts, c.created_at
            )
            SELECT s.mpin_id, s.u, s.y,
                   (SELECT enabled FROM project) AS project_enabled,
                   a.failures AS attempt_failures, a.locked_until AS attempt_lock,
                   k.mpin_id IS NOT NULL AS known, k.failures, k.locked_until, k.revoked_at, k.revoked_reason, k.hid,
                   c.attempts AS unconfirmed_attempts,
                   (SELECT created_at FROM unconfirmed_identity WHERE mpin_id = s.mpin_id) AS unconfirmed_since
              FROM session s
              LEFT JOIN attempt a ON true
              LEFT JOIN known k ON true
              LEFT JOIN unconfirmed c ON true
            """;

    private final Pool client;

    public AttemptRepository(Pool client) {
        this.client = client;
    }

    /** The rules that {@link #beginAttempt} applies, from the configuration. */
    public record Rules(int failuresPerLock, int maxFailures, long[] lockSeconds, long unconfirmedWindowSeconds) {}

    /**
     * Stores a pass-1 session unless the identity has had {@code perMinuteLimit} pass-1 requests
     * in the current minute.
     *
     * @return false when the identity is over its limit
     */
    public Uni<Boolean> storeSession(
            UUID id,
            String mpinId,
            String clientId,
            byte[] u,
            byte[] y,
            String sourceAddress,
            Instant now,
            Instant expiresAt,
            int perMinuteLimit) {
        Instant window = Instant.ofEpochSecond(now.getEpochSecond() - now.getEpochSecond() % 60);
        Tuple parameters = Tuple.tuple()
                .addString(mpinId)
                .addUUID(id)
                .addString(clientId)
                .addBuffer(Buffer.buffer(u))
                .addBuffer(Buffer.buffer(y))
                .addString(sourceAddress)
                .addOffsetDateTime(time(now))
                .addOffsetDateTime(time(window))
                .addOffsetDateTime(time(expiresAt))
                .addInteger(perMinuteLimit);
        return client.preparedQuery(STORE_SESSION)
                .execute(parameters)
                .map(rows -> rows.iterator().next().getLong("stored") == 1);
    }

    /**
     * Consumes a session and counts the attempt.
     *
     * @return empty when the session is unknown, used or expired
     */
    public Uni<java.util.Optional<Begun>> beginAttempt(UUID sessionId, Instant now, Rules rules) {
        Tuple parameters = Tuple.tuple()
                .addUUID(sessionId)
                .addOffsetDateTime(time(now))
                .addInteger(rules.failuresPerLock())
                .addInteger(rules.maxFailures())
                .addArrayOfLong(boxed(rules.lockSeconds()))
                .addOffsetDateTime(time(now.minusSeconds(rules.unconfirmedWindowSeconds())));
        return client.preparedQuery(BEGIN_ATTEMPT).execute(parameters).map(rows -> {
            RowIterator<Row> iterator = rows.iterator();
            return iterator.hasNext() ? java.util.Optional.of(Begun.of(iterator.next())) : java.util.Optional.empty();
        });
    }

    /**
     * What pass 2's first statement found and did.
     *
     * @param attemptFailures the identity's run of failures including this attempt, or null when
     *     the attempt was not counted (refused) or the identity is unknown
     * @param attemptLock the lock this attempt earns if it fails (null: none)
     * @param unconfirmedAttempts for an unknown identity: its attempts including this one, or null
     *     when its budget is spent
     */
    public record Begun(
            String mpinId,
            byte[] u,
            byte[] y,
            boolean projectEnabled,
            Integer attemptFailures,
            Instant attemptLock,
            boolean known,
            int failures,
            Instant lockedUntil,
            Instant revokedAt,
            String revokedReason,
            byte[] hid,
            Integer unconfirmedAttempts,
            Instant unconfirmedSince) {

        static Begun of(Row row) {
            return new Begun(
                    row.getString("mpin_id"),
                    bytes(row, "u"),
                    bytes(row, "y"),
                    Boolean.TRUE.equals(row.getBoolean("project_enabled")),
                    row.getInteger("attempt_failures"),
                    instant(row, "attempt_lock"),
                    Boolean.TRUE.equals(row.getBoolean("known")),
                    row.getInteger("failures") == null ? 0 : row.getInteger("failures"),
                    instant(row, "locked_until"),
                    instant(row, "revoked_at"),
                    row.getString("revoked_reason"),
                    bytes(row, "hid"),
                    row.getInteger("unconfirmed_attempts"),
                    instant(row, "unconfirmed_since"));
        }
    }

    private static byte[] bytes(Row row, String column) {
        Buffer buffer = row.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Long[] boxed(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
