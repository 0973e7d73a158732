package dev.zeropin.registration.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Budgets of the enrolment path ({@code enrolment_budget}): at most {@code limit} units per
 * (scope, subject) and fixed window. Taking a unit is one conditional upsert that locks the row
 * until the caller's transaction ends, so concurrent callers are counted one after the other.
 */
@ApplicationScoped
public class EnrolmentBudgetRepository {

    /** Registrations per User ID, across every project. */
    public static final String REGISTRATIONS_PER_USER_ID = "registration-user";

    /** Registrations per source address (IPv6: per /64). */
    public static final String REGISTRATIONS_PER_ADDRESS = "registration-address";

    /** Wrong verification codes per User ID, across every project. */
    public static final String WRONG_CODES_PER_USER_ID = "wrong-code-user";

    /** Notices of unfinished registrations per User ID. */
    public static final String NOTICES_PER_USER_ID = "notice-user";

    /** QR activation links per source address (IPv6: per /64). */
    public static final String MOBILE_ACTIVATIONS_PER_ADDRESS = "mobile-activation-address";

    private static final String TAKE = "INSERT INTO enrolment_budget AS b (scope, subject, window_start, used)"
            + " VALUES (?1, ?2, ?3, 1)"
            + " ON CONFLICT (scope, subject) DO UPDATE"
            + " SET used = CASE WHEN b.window_start <= ?4 THEN 1 ELSE b.used + 1 END,"
            + " window_start = CASE WHEN b.window_start <= ?4 THEN excluded.window_start ELSE b.window_start END"
            + " WHERE b.window_start <= ?4 OR b.used < ?5";

    private static final String GIVE_BACK =
            "UPDATE enrolment_budget SET used = used - 1 WHERE scope = ?1 AND subject = ?2 AND used > 0";

    /**
     * Takes one unit of the budget; must run inside a transaction.
     *
     * @return true when the unit was within the budget, false when the budget is spent
     */
    public Uni<Boolean> take(String scope, String subject, int limit, Duration window, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(TAKE)
                        .setParameter(1, scope)
                        .setParameter(2, subject)
                        .setParameter(3, now)
                        .setParameter(4, now.minus(window))
                        .setParameter(5, limit)
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** Gives one unit back (a code attempt that turned out right); must run inside a transaction. */
    public Uni<Void> giveBack(String scope, String subject) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(GIVE_BACK)
                        .setParameter(1, scope)
                        .setParameter(2, subject)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
