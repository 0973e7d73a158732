package dev.zeropin.otp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of otp-service. */
@ConfigMapping(prefix = "otp")
public interface OtpConfig {

    /** Public base URL of this service, as devices reach it for pass 1 and pass 2. */
    @WithDefault("http://localhost:8081")
    URI publicUrl();

    /** Key files; each is a secret mounted from outside, never part of the image or of git. */
    Keys keys();

    /** The two-pass PIN proof. */
    Authentication authentication();

    /** Checking OTPs presented by the gateway. */
    Verification verification();

    /** The threads that check points and pairings. */
    Pairing pairing();

    /** Key files of otp-service. */
    interface Keys {

        /** The M-Pin server secret {@code sQ} (base64url); guard it like a password database. */
        Path serverSecret();

        /** The AES-256 key (base64url of 32 bytes) that encrypts OTPs at rest. */
        Path otpEncryptionKey();

        /** Private JWK (ES256) that signs identity assertions after a successful PIN proof. */
        Path assertionSigningKey();
    }

    /** Settings of pass 1 and pass 2. */
    interface Authentication {

        /** How long a pass-1 session may wait for its pass 2 (at most 60 s). */
        @WithDefault("30s")
        Duration sessionLifetime();

        /**
         * Wrong PINs in a row (no success in between) after which an identity is revoked; the lock
         * before it slows a stranger down and tells the owner (docs/protocol.md).
         */
        @WithDefault("3")
        int maxPinFailures();

        /** Wrong PINs in a row after which the identity is locked for a while (and again after as many more). */
        @WithDefault("2")
        int pinFailuresPerLock();

        /** The first lock; each further lock lasts four times as long as the one before. */
        @WithDefault("15m")
        Duration firstLock();

        /** The longest lock. */
        @WithDefault("24h")
        Duration maxLock();

        /**
         * How long proofs for an identity that otp-service has not yet learnt of (its registration
         * event is still on its way) are counted before the count starts again; such an identity
         * gets {@code pin-failures-per-lock} proofs in that time.
         */
        @WithDefault("1h")
        Duration unconfirmedIdentityWindow();

        /** Pass-1 requests accepted per source address and minute (each costs a subgroup check). */
        @WithDefault("60")
        int pass1PerMinutePerAddress();

        /** Pass-2 requests accepted per source address and minute (each costs a pairing). */
        @WithDefault("30")
        int pass2PerMinutePerAddress();

        /** Pass-1 requests accepted per identity and minute, whatever their source. */
        @WithDefault("30")
        int pass1PerMinutePerIdentity();
    }

    /** The point and pairing checks (docs/protocol.md, "Batched pairing checks"). */
    interface Pairing {

        /** Worker threads; 0 means one per core. */
        @WithDefault("0")
        int threads();

        /** Checks that may wait for a worker; beyond it requests are answered 503 with Retry-After. */
        @WithDefault("256")
        int queue();

        /** The most pass-2 proofs verified by one pairing product. */
        @WithDefault("32")
        int maxBatch();
    }

    /**
     * Settings of OTP verification. Failures are counted per user and source (the Calling-Station-Id
     * the NAS reports, or else the NAS), and per user over all sources; both counts drain over
     * {@link #failureWindow()} (docs/security.md, "VPN logins (OTP)").
     */
    interface Verification {

        /** Failed verifications of a user's OTP from one source before that source is backed off. */
        @WithDefault("5")
        int failuresBeforeBackoff();

        /**
         * Failed verifications of a user's OTP from all sources together before the user is backed
         * off everywhere: the safety net against guessing from many sources (or from a NAS that
         * invents Calling-Station-Ids).
         */
        @WithDefault("50")
        int userFailuresBeforeBackoff();

        /**
         * How fast failures are forgotten: a count drains linearly, a full run of
         * {@code failures-before-backoff} (or {@code user-failures-before-backoff}) within this time.
         */
        @WithDefault("15m")
        Duration failureWindow();

        /** The first back-off; it doubles with every further failure. */
        @WithDefault("30s")
        Duration initialBackoff();

        /** The longest back-off. */
        @WithDefault("15m")
        Duration maxBackoff();

        /**
         * How long after an Accept a NAS's retry of the same request (same NAS, User-Name, OTP,
         * Calling-Station-Id, NAS-Port and NAS-Port-Id) is answered Accept again without a second
         * consumption; 0 turns retries off. Only requests with a Calling-Station-Id qualify, and only
         * PAP-type credentials (the password itself); one setting for all projects (docs/security.md).
         */
        @WithDefault("30s")
        Duration retryWindow();
    }
}
