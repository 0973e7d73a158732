package dev.zeropin.otp.service;

import dev.zeropin.directory.DirectoryAnswer;
import dev.zeropin.directory.DirectoryClient;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.UnreachablePolicy;
import dev.zeropin.support.concurrent.Offload;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the company directory last said about a user, reused for the project's {@code
 * cacheSeconds}: the OTP issue asks the directory at most once per user in that time, and RADIUS
 * verifications of live OTPs are decided from the cache while it is warm (no LDAP round trip per
 * request). A user disabled in the directory is therefore refused at the latest one cache time
 * later.
 *
 * <p>When the directory cannot be asked, the project's policy decides: {@code FAIL_CLOSED}
 * refuses; {@code USE_CACHE} uses the last answer if it is at most {@code staleMinutes} old.
 * Answers are kept per service instance, in memory, bounded.
 */
@ApplicationScoped
public class DirectoryStatusCache {

    /** Most users remembered; beyond, expired answers are dropped first, then everything. */
    static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public DirectoryStatusCache(Clock clock) {
        this.clock = clock;
    }

    private record Key(String clientId, String userId) {}

    private record Entry(DirectorySettings settings, DirectoryAnswer answer, Instant checkedAt) {}

    /**
     * The directory's word on a user.
     *
     * @param admitted whether the user may get and use OTPs
     * @param reason why not (or, for a cached answer used while the directory is unreachable, what
     *     happened); for the audit trail
     * @param cachedAnswerAgeSeconds with {@code USE_CACHE} and an unreachable directory: the age of
     *     the answer used, else -1
     */
    public record Status(boolean admitted, String reason, long cachedAnswerAgeSeconds) {

        /** Whether an old answer decided because the directory could not be asked. */
        public boolean cachedAnswerUsed() {
            return cachedAnswerAgeSeconds >= 0;
        }
    }

    /** The user's status: from the cache while it is fresh, else asked (on a worker thread). */
    public Uni<Status> statusOf(String clientId, String userId, DirectorySettings settings) {
        Key key = new Key(clientId, userId);
        Entry cached = entries.get(key);
        Instant now = clock.instant();
        if (cached != null
                && cached.settings().equals(settings)
                && now.isBefore(cached.checkedAt().plusSeconds(settings.cacheSeconds()))) {
            return Uni.createFrom().item(statusOf(cached.answer(), -1));
        }
        return Offload.compute(() -> DirectoryClient.checkUser(settings, userId))
                .map(answer -> decide(key, settings, answer, cached));
    }

    private Status decide(Key key, DirectorySettings settings, DirectoryAnswer answer, Entry cached) {
        Instant now = clock.instant();
        if (answer.outcome() != DirectoryAnswer.Outcome.ERROR) {
            remember(key, new Entry(settings, answer, now));
            return statusOf(answer, -1);
        }
        Log.warnf("directory of %s cannot be asked: %s", key.clientId(), answer.reason());
        if (settings.unreachablePolicy() == UnreachablePolicy.USE_CACHE
                && cached != null
                && cached.settings().equals(settings)
                && !now.isAfter(cached.checkedAt().plus(Duration.ofMinutes(settings.staleMinutes())))) {
            long age = Duration.between(cached.checkedAt(), now).toSeconds();
            Status old = statusOf(cached.answer(), age);
            return new Status(
                    old.admitted(),
                    "directory not asked (" + answer.reason() + "); the answer of " + age + " s ago was used: "
                            + cached.answer().reason(),
                    age);
        }
        return new Status(false, answer.reason(), -1);
    }

    private static Status statusOf(DirectoryAnswer answer, long age) {
        return new Status(answer.allowed(), answer.reason(), age);
    }

    private void remember(Key key, Entry entry) {
        if (entries.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            entries.values()
                    .removeIf(old -> now.isAfter(old.checkedAt()
                            .plus(Duration.ofMinutes(old.settings().staleMinutes()))
                            .plusSeconds(old.settings().cacheSeconds())));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, entry);
    }
}
