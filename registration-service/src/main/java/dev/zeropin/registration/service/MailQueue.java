package dev.zeropin.registration.service;

import dev.zeropin.registration.QueuedMail;
import dev.zeropin.registration.config.RegistrationConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Sends the e-mails staged in {@code mail_queue} after their transaction committed, on its own
 * thread over JDBC, so that no request waits for the SMTP server and no database transaction stays
 * open while it answers.
 *
 * <p>A pass claims a batch of due e-mails (one statement, {@code FOR UPDATE SKIP LOCKED}, so that
 * replicas share the work) by moving their next attempt past the send timeout, hands them to the
 * SMTP client at once, and then marks each one sent, or schedules its retry with a doubling
 * back-off and keeps the error, which the registration's status shows as {@code DELAYED}. An
 * e-mail whose registration expired is not sent any more. It wakes when this process staged an
 * e-mail ({@link #wake()}, called after the commit) and otherwise polls. A crash between the SMTP
 * server's acceptance and the mark can send an e-mail twice; a down or refusing SMTP server never
 * loses one and never sends one twice.
 */
@ApplicationScoped
public class MailQueue {

    private static final String CLAIM = "UPDATE mail_queue m SET next_attempt_at = ?, attempts = m.attempts + 1"
            + " WHERE m.id IN (SELECT id FROM mail_queue WHERE state = 'PENDING' AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING m.id, m.kind, m.registration_id, m.recipient, m.client_id, m.project_name,"
            + " m.with_code, m.with_link, m.wrong_codes, m.attempts, m.expires_at";
    private static final String MARK_SENT =
            "UPDATE mail_queue SET state = 'SENT', sent_at = ?, last_error = NULL WHERE id = ?";
    private static final String MARK_EXPIRED = "UPDATE mail_queue SET state = 'EXPIRED' WHERE id = ?";
    private static final String MARK_FAILED = "UPDATE mail_queue SET next_attempt_at = ?, last_error = ? WHERE id = ?";
    private static final String OLDEST_PENDING = "SELECT min(created_at) FROM mail_queue WHERE state = 'PENDING'";
    private static final Duration NOTICE_SCAN_INTERVAL = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final VerificationMailer mailer;
    private final UnfinishedRegistrationNotices notices;
    private final RegistrationKeys keys;
    private final RegistrationConfig config;
    private final Clock clock;
    private final Counter sent;
    private final Counter failures;
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService worker;
    private ScheduledExecutorService noticeScanner;

    public MailQueue(
            DataSource dataSource,
            VerificationMailer mailer,
            UnfinishedRegistrationNotices notices,
            RegistrationKeys keys,
            RegistrationConfig config,
            Clock clock,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.mailer = mailer;
        this.notices = notices;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.sent = registry.counter("zeropin.mail.sent");
        this.failures = registry.counter("zeropin.mail.failures");
        registry.gauge("zeropin.mail.oldest.pending.seconds", oldestPendingSeconds);
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "zeropin-mail-queue");
            thread.setDaemon(true);
            return thread;
        });
        worker.execute(this::run);
        noticeScanner = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "zeropin-notice-scanner");
            thread.setDaemon(true);
            return thread;
        });
        noticeScanner.scheduleWithFixedDelay(
                this::stageNotices,
                NOTICE_SCAN_INTERVAL.toMillis(),
                NOTICE_SCAN_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (noticeScanner != null) {
            noticeScanner.shutdownNow();
        }
        if (worker != null) {
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Tells the sender that this process committed a new e-mail. Cheap; may be called from an event loop. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void run() {
        Duration pause = config.mail().firstBackoff();
        while (running) {
            try {
                int claimed = sendBatch();
                pause = config.mail().firstBackoff();
                if (claimed < config.mail().batchSize()) {
                    wakeUps.tryAcquire(config.mail().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                Log.warnf(
                        "mail queue paused for %d ms: %s",
                        pause.toMillis(), e.getClass().getSimpleName());
                Log.debugf(e, "mail queue paused");
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = min(pause.multipliedBy(2), config.mail().maxBackoff());
            }
        }
    }

    /**
     * Stages the notices of registrations that ended unfinished, on the scanner's own thread so
     * that a backlog of them never holds up the e-mails being sent.
     */
    private void stageNotices() {
        Instant now = clock.instant();
        try {
            int looked;
            do {
                looked = VertxContextSupport.subscribeAndAwait(() -> notices.stageNotices(now));
                if (looked > 0) {
                    wake();
                }
            } while (looked == UnfinishedRegistrationNotices.BATCH && running);
        } catch (Throwable e) {
            Log.warnf(
                    "notices of unfinished registrations not staged: %s",
                    e.getClass().getSimpleName());
            Log.debugf(e, "notices not staged");
        }
    }

    /** One item of a claimed batch. */
    private record Claimed(
            UUID id,
            QueuedMail.Kind kind,
            UUID registrationId,
            String recipient,
            String clientId,
            String projectName,
            boolean withCode,
            boolean withLink,
            int wrongCodes,
            int attempts,
            Instant expiresAt) {}

    /**
     * Claims the due e-mails, sends them and records each outcome.
     *
     * @return the number of e-mails claimed
     */
    int sendBatch() throws SQLException {
        Instant now = clock.instant();
        List<Claimed> batch = claim(now);
        List<Uni<Throwable>> sending = new ArrayList<>();
        List<Claimed> live = new ArrayList<>();
        List<Claimed> expired = new ArrayList<>();
        for (Claimed mail : batch) {
            if (!mail.expiresAt().isAfter(now)) {
                expired.add(mail);
                continue;
            }
            live.add(mail);
            sending.add(send(mail, now)
                    .ifNoItem()
                    .after(config.mail().sendTimeout())
                    .fail()
                    .onItem()
                    .transform(ignored -> (Throwable) null)
                    .onFailure()
                    .recoverWithItem(failure -> failure));
        }
        List<Throwable> outcomes = sending.isEmpty()
                ? List.of()
                : Uni.join().all(sending).andFailFast().await().indefinitely();
        record(live, outcomes, expired);
        return batch.size();
    }

    private List<Claimed> claim(Instant now) throws SQLException {
        List<Claimed> batch = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setTimestamp(
                    1, Timestamp.from(now.plus(config.mail().sendTimeout()).plusSeconds(5)));
            claim.setTimestamp(2, Timestamp.from(now));
            claim.setInt(3, config.mail().batchSize());
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    batch.add(new Claimed(
                            rows.getObject("id", UUID.class),
                            QueuedMail.Kind.valueOf(rows.getString("kind")),
                            rows.getObject("registration_id", UUID.class),
                            rows.getString("recipient"),
                            rows.getString("client_id"),
                            rows.getString("project_name"),
                            rows.getBoolean("with_code"),
                            rows.getBoolean("with_link"),
                            rows.getInt("wrong_codes"),
                            rows.getInt("attempts"),
                            rows.getTimestamp("expires_at").toInstant()));
                }
            }
            updatePendingAge(connection, now);
        }
        return batch;
    }

    private Uni<Void> send(Claimed mail, Instant now) {
        try {
            if (mail.kind() == QueuedMail.Kind.UNFINISHED_REGISTRATION) {
                return mailer.sendUnfinishedNotice(mail.recipient(), mail.projectName(), mail.wrongCodes());
            }
            String code = mail.withCode()
                    ? keys.verificationCode(mail.registrationId(), RegistrationService.CODE_LENGTH)
                    : null;
            String link = mail.withLink() ? verificationLink(mail) : null;
            long minutesLeft =
                    Math.max(1, (Duration.between(now, mail.expiresAt()).toSeconds() + 59) / 60);
            return mailer.sendVerification(mail.recipient(), mail.projectName(), code, link, minutesLeft);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private String verificationLink(Claimed mail) {
        String base = config.publicUrl().toString().replaceAll("/+$", "");
        // The token travels in the fragment, which browsers never send to a server or put in logs.
        return base + "/otpgen/verify?client_id=" + URLEncoder.encode(mail.clientId(), StandardCharsets.UTF_8)
                + "&registration=" + mail.registrationId() + "#token=" + keys.linkToken(mail.registrationId());
    }

    private void record(List<Claimed> live, List<Throwable> outcomes, List<Claimed> expired) throws SQLException {
        Instant now = clock.instant();
        int failed = 0;
        Throwable firstFailure = null;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement markSent = connection.prepareStatement(MARK_SENT);
                PreparedStatement markFailed = connection.prepareStatement(MARK_FAILED);
                PreparedStatement markExpired = connection.prepareStatement(MARK_EXPIRED)) {
            for (int i = 0; i < live.size(); i++) {
                Claimed mail = live.get(i);
                Throwable failure = outcomes.get(i);
                if (failure == null) {
                    markSent.setTimestamp(1, Timestamp.from(now));
                    markSent.setObject(2, mail.id());
                    markSent.addBatch();
                } else {
                    failed++;
                    firstFailure = firstFailure == null ? failure : firstFailure;
                    markFailed.setTimestamp(1, Timestamp.from(now.plus(backoff(mail.attempts()))));
                    markFailed.setString(2, describe(failure));
                    markFailed.setObject(3, mail.id());
                    markFailed.addBatch();
                }
            }
            for (Claimed mail : expired) {
                markExpired.setObject(1, mail.id());
                markExpired.addBatch();
            }
            markSent.executeBatch();
            markFailed.executeBatch();
            markExpired.executeBatch();
        }
        sent.increment(live.size() - failed);
        if (failed > 0) {
            failures.increment(failed);
            Log.warnf(
                    "%d e-mail(s) not sent, retrying with back-off: %s",
                    failed, firstFailure.getClass().getSimpleName());
            Log.debugf(firstFailure, "e-mail not sent");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt: first-backoff, doubling, at most max-backoff. */
    private Duration backoff(int attempts) {
        Duration wait = config.mail().firstBackoff();
        for (int i = 1; i < attempts && wait.compareTo(config.mail().maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return min(wait, config.mail().maxBackoff());
    }

    private void updatePendingAge(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement oldest = connection.prepareStatement(OLDEST_PENDING);
                ResultSet rows = oldest.executeQuery()) {
            Timestamp created = rows.next() ? rows.getTimestamp(1) : null;
            oldestPendingSeconds.set(
                    created == null
                            ? 0
                            : Math.max(
                                    0,
                                    Duration.between(created.toInstant(), now).toSeconds()));
        }
    }

    private static String describe(Throwable failure) {
        String text =
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
