package dev.zeropin.outbox;

import java.util.List;

/**
 * SQL that deletes rows a service no longer needs (expired OTPs, old sessions...). Every bean of
 * this type is run periodically by {@link Housekeeping}; each statement must be idempotent.
 */
public interface HousekeepingStatements {

    /** The statements, each run in its own transaction. */
    List<String> statements();
}
