-- Budgets of the enrolment path, one row per (scope, subject) and fixed window: registrations per
-- User ID (across every project), per source address (IPv4 address or IPv6 /64), wrong codes per
-- User ID and day, notices of unfinished registrations per User ID, QR activation links per
-- address. A request takes one unit with one conditional upsert (EnrolmentBudgetRepository), which
-- holds the row's lock until its transaction ends: concurrent requests cannot all pass on a count
-- they read before each other's insert.
CREATE TABLE enrolment_budget (
    scope        TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    used         INTEGER     NOT NULL CHECK (used >= 0),
    PRIMARY KEY (scope, subject)
);
CREATE INDEX enrolment_budget_window ON enrolment_budget (window_start);
