package dev.zeropin.otp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Each distinct token is verified once, until its expiry; failures are never remembered. */
class VerifiedTokenCacheTest {

    private final Instant start = Instant.parse("2026-11-29T10:00:00Z");
    private final TestClock clock = new TestClock(start);
    private final CountingParser parser = new CountingParser();
    private final VerifiedTokenCache cache = new VerifiedTokenCache(parser, clock);

    @Test
    void theSameTokenIsVerifiedOnceUntilItExpires() throws Exception {
        parser.expiry("token-a", start.plusSeconds(300));

        JsonWebToken first = cache.parse("token-a");
        JsonWebToken second = cache.parse("token-a");
        clock.advanceSeconds(299);
        cache.parse("token-a");

        assertThat(second).isSameAs(first);
        assertThat(parser.calls).containsExactly("token-a");

        clock.advanceSeconds(1);
        parser.reject("token-a");
        assertThatThrownBy(() -> cache.parse("token-a")).isInstanceOf(ParseException.class);
        assertThat(parser.calls).containsExactly("token-a", "token-a");
    }

    @Test
    void aTokenThatFailsIsCheckedAgainEveryTime() {
        parser.reject("forged");

        assertThatThrownBy(() -> cache.parse("forged")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> cache.parse("forged")).isInstanceOf(ParseException.class);

        assertThat(parser.calls).containsExactly("forged", "forged");
        assertThat(cache.size()).isZero();
    }

    @Test
    void anotherTokenIsVerifiedOnItsOwn() throws Exception {
        parser.expiry("token-a", start.plusSeconds(300));
        parser.expiry("token-a ", start.plusSeconds(300));

        cache.parse("token-a");
        cache.parse("token-a ");

        assertThat(parser.calls).containsExactly("token-a", "token-a ");
    }

    @Test
    void anAlreadyExpiredTokenAcceptedByTheParserIsNotRemembered() throws Exception {
        // the parser allows some clock skew; the cache does not extend it
        parser.expiry("late", start.minusSeconds(5));

        cache.parse("late");
        cache.parse("late");

        assertThat(parser.calls).containsExactly("late", "late");
    }

    @Test
    void holdsAtMostItsLimit() throws Exception {
        for (int i = 0; i < VerifiedTokenCache.MAX_ENTRIES + 10; i++) {
            parser.expiry("token-" + i, start.plusSeconds(300));
            cache.parse("token-" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(VerifiedTokenCache.MAX_ENTRIES);
        }
    }

    private static final class TestClock extends java.time.Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class CountingParser implements JWTParser {
        final List<String> calls = new ArrayList<>();
        private final Map<String, Instant> expiries = new java.util.HashMap<>();

        void expiry(String token, Instant expiresAt) {
            expiries.put(token, expiresAt);
        }

        void reject(String token) {
            expiries.remove(token);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls.add(token);
            Instant expiresAt = expiries.get(token);
            if (expiresAt == null) {
                throw new ParseException("invalid token");
            }
            return new Token(token, expiresAt.getEpochSecond());
        }

        @Override
        public JsonWebToken parse(String token, JWTAuthContextInfo context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, PublicKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, PrivateKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken parseOnly(String token) {
            throw new UnsupportedOperationException();
        }
    }

    private record Token(String name, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
        }
    }
}
