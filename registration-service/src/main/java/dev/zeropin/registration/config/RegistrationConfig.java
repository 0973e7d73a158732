package dev.zeropin.registration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of registration-service. */
@ConfigMapping(prefix = "registration")
public interface RegistrationConfig {

    /** Public base URL of this service, used in the links that users receive and open. */
    @WithDefault("http://localhost:8080")
    URI publicUrl();

    /** Public base URL of otp-service, handed to devices for pass 1 and pass 2. */
    @WithDefault("http://localhost:8081")
    URI otpServiceUrl();

    /** Key files of this service. */
    Keys keys();

    /** E-mail verification of User IDs. */
    Verification verification();

    /** Limits on new registrations. */
    RateLimit rateLimit();

    /** The mail queue: e-mails leave after the commit and are retried while SMTP is down. */
    Mail mail();

    /** "Log In Using Mobile": QR activation links. */
    Mobile mobile();

    /** The usage history (audit trail). */
    Audit audit();

    /** The admin console. */
    Console console();

    /** Admin console sessions. */
    interface Console {

        /** How long a console session lasts after sign-in. */
        @WithDefault("30m")
        Duration sessionLifetime();

        /** How long a bootstrap link for the first administrator is valid. */
        @WithDefault("24h")
        Duration bootstrapLifetime();

        /** Send the session cookie only over HTTPS; turn off only for plain-http local use. */
        @WithDefault("true")
        boolean secureCookie();
    }

    /** The mail queue ({@code mail_queue}) and its sender. */
    interface Mail {

        /** How often the sender looks for e-mails staged by other replicas and for retries that are due. */
        @WithDefault("1s")
        Duration pollInterval();

        /** E-mails handed to the SMTP client at once. */
        @WithDefault("50")
        int batchSize();

        /** The wait before the first retry of a failed e-mail; it doubles up to {@code max-backoff}. */
        @WithDefault("2s")
        Duration firstBackoff();

        /** The longest wait between two attempts of one e-mail. */
        @WithDefault("1m")
        Duration maxBackoff();

        /** How long one batch may take at the SMTP server before its e-mails count as failed. */
        @WithDefault("30s")
        Duration sendTimeout();

        /** At most one notice of unfinished registrations per User ID within this time. */
        @WithDefault("24h")
        Duration noticeInterval();
    }

    /** QR activation links. */
    interface Mobile {

        /** How long a QR activation link may wait before the phone opens it. */
        @WithDefault("5m")
        Duration activationLifetime();

        /**
         * QR activation links created per source address and hour (IPv6: per /64). Creating one needs
         * no account, so the budget stops floods of rows; it is large, since every open "Log In Using
         * Mobile" page of an office behind one NAT address makes a new link every few minutes.
         */
        @WithDefault("1200")
        int activationsPerAddressPerHour();
    }

    /** The audit trail fed by auth-events and radius-events. */
    interface Audit {

        /** How long audit events are kept. */
        @WithDefault("P180D")
        Duration retention();
    }

    /** Key files; each is a secret mounted from outside, never part of the image or of git. */
    interface Keys {

        /** The M-Pin master secret {@code s} (base64url of 48 bytes): it issues client secrets. */
        Path masterSecret();

        /** Private JWK (ES256) that signs activation tokens. */
        Path activationSigningKey();

        /** JWKS (public) that verifies otp-service's identity assertions (PIN proofs for other purposes). */
        Path assertionVerificationJwks();

        /** AES-256 key (base64url) that seals RADIUS shared secrets, shared with radius-gateway. */
        Path nasSecretKey();
    }

    /** How User IDs are verified. */
    interface Verification {

        /** How long the e-mailed code and link are valid. */
        @WithDefault("10m")
        Duration codeLifetime();

        /** Wrong codes after which the registration is void. */
        @WithDefault("5")
        int maxCodeAttempts();

        /**
         * Wrong codes per User ID and day, across every project and registration; beyond it codes are
         * refused unchecked for the rest of the day (the e-mailed link still works).
         */
        @WithDefault("20")
        int maxWrongCodesPerUserIdPerDay();

        /** How long an activation token may wait before it is exchanged for a client secret. */
        @WithDefault("5m")
        Duration activationTokenLifetime();
    }

    /**
     * Registrations accepted per User ID and per source address, each in fixed windows of an hour
     * counted atomically in the database (so across replicas).
     */
    interface RateLimit {

        /** New registrations per User ID and hour, across every project: the strict budget. */
        @WithDefault("5")
        int perUserIdPerHour();

        /**
         * New registrations per source address and hour (IPv6: per /64): large, so that an office
         * behind one NAT address can enrol on one morning, and a flood from one address still stops.
         */
        @WithDefault("500")
        int perAddressPerHour();
    }
}
