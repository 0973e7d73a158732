package dev.zeropin.gateway.radius;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 5080 §2.2.2 duplicate detection, aware of requests still in progress (which
 * tinyradius-netty's caching handler is not): a request is known by its source address and port,
 * code, identifier and Request Authenticator. The first copy is processed; a copy that arrives
 * while it is in progress is dropped; a copy that arrives after it gets the same answer again.
 * Bounded in size (oldest first out) and in time. In memory only: a restart forgets it.
 */
final class DuplicateCache {

    /** What the cache says about a request. */
    sealed interface Lookup {}

    /** A new request: process it, then {@link #complete} or {@link #forget} it. */
    record New(Key key) implements Lookup {}

    /** A retransmission of a request still in progress: drop it. */
    record InProgress() implements Lookup {}

    /** A retransmission of a request already answered: send {@code answer} again (null: stay silent). */
    record Answered(byte[] answer) implements Lookup {}

    /** The identity of a request. */
    record Key(InetSocketAddress source, int code, int identifier, byte[] authenticator) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && source.equals(key.source)
                    && code == key.code
                    && identifier == key.identifier
                    && Arrays.equals(authenticator, key.authenticator);
        }

        @Override
        public int hashCode() {
            return (source.hashCode() * 31 + code * 257 + identifier) * 31 + Arrays.hashCode(authenticator);
        }
    }

    private static final class Entry {
        private final long createdNanos;
        private boolean done;
        private byte[] answer;

        Entry(long createdNanos) {
            this.createdNanos = createdNanos;
        }
    }

    private final int maxSize;
    private final long ttlNanos;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

    DuplicateCache(int maxSize, java.time.Duration ttl) {
        this.maxSize = maxSize;
        this.ttlNanos = ttl.toNanos();
    }

    /** Looks a request up and, when it is new, records it as in progress. */
    synchronized Lookup begin(InetSocketAddress source, InboundPacket packet, long nowNanos) {
        expire(nowNanos);
        Key key = new Key(source, packet.code(), packet.identifier(), packet.authenticator());
        Entry entry = entries.get(key);
        if (entry != null) {
            return entry.done ? new Answered(entry.answer) : new InProgress();
        }
        entries.put(key, new Entry(nowNanos));
        while (entries.size() > maxSize) {
            Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return new New(key);
    }

    /** Records the answer (null: none was sent on purpose) for retransmissions. */
    synchronized void complete(Key key, byte[] answer) {
        Entry entry = entries.get(key);
        if (entry != null) {
            entry.done = true;
            entry.answer = answer;
        }
    }

    /** Forgets a request, so that a retransmission is processed afresh (nothing was decided). */
    synchronized void forget(Key key) {
        entries.remove(key);
    }

    synchronized int size() {
        return entries.size();
    }

    /** The answer recorded for a key, for tests. */
    synchronized Optional<byte[]> answerOf(Key key) {
        Entry entry = entries.get(key);
        return entry == null || !entry.done ? Optional.empty() : Optional.ofNullable(entry.answer);
    }

    private void expire(long nowNanos) {
        Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
        while (oldest.hasNext()) {
            Entry entry = oldest.next().getValue();
            if (nowNanos - entry.createdNanos < ttlNanos) {
                return;
            }
            // An entry still in progress outlives its TTL until it is completed or forgotten.
            if (entry.done) {
                oldest.remove();
            } else {
                return;
            }
        }
    }
}
