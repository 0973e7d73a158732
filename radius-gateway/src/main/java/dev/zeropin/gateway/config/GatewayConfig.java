package dev.zeropin.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of radius-gateway. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The RADIUS listeners. */
    Radius radius();

    /** Where the RADIUS clients (NAS) come from. */
    Clients clients();

    /** The calls into otp-service. */
    Otp otp();

    /** Events on radius-events. */
    Events events();

    /** Key files of this service. */
    Keys keys();

    /** EAP over RADIUS (RFC 3579): the methods offered and the life of a conversation. */
    Eap eap();

    /** RADIUS over TLS (RadSec, RFC 6614): the listener, its certificates and its limits. */
    RadSec radsec();

    /**
     * RADIUS over TLS (RFC 6614, with RFC 7360's rules) on one TCP port that carries authentication,
     * accounting and Status-Server. Mutual TLS: a NAS presents a certificate issued by the CA of
     * {@link #caFile()} whose subject or subjectAltName its client declares (static clients file,
     * {@code radsec}); the shared secret is the fixed {@code radsec}.
     */
    interface RadSec {

        /** Serve RadSec at all. */
        @WithDefault("false")
        boolean enabled();

        /** Address the TCP listener binds to; empty: the UDP listeners' address. */
        Optional<String> bindAddress();

        /** TCP port (RFC 6614 §2.1: 2083); 0 picks a free one. */
        @WithDefault("2083")
        int port();

        /** PEM certificate chain the gateway presents (its own certificate first). */
        Optional<Path> certificateFile();

        /** PEM private key (PKCS#8) of that certificate; a secret file. */
        Optional<Path> keyFile();

        /** PEM file of the CA certificates that issue NAS certificates; only these are accepted. */
        Optional<Path> caFile();

        /** Most connections open at once, all clients together; beyond, new ones are closed at once. */
        @WithDefault("256")
        int maxConnections();

        /** Most connections open at once from one client (after its certificate identified it). */
        @WithDefault("8")
        int maxConnectionsPerClient();

        /** Most requests of one connection being answered at once; beyond, the connection stops being read. */
        @WithDefault("64")
        int maxInFlightPerConnection();

        /** A TLS handshake not finished in this time closes the connection. */
        @WithDefault("5s")
        Duration handshakeTimeout();

        /** A connection that carries no packet for this long is closed (RFC 6614 §2.5: idle timeouts). */
        @WithDefault("120s")
        Duration idleTimeout();
    }

    /** EAP over RADIUS (RFC 3579). */
    interface Eap {

        /**
         * The EAP methods offered, in order of preference: after EAP-Identity the first is offered;
         * a peer that answers with a Nak gets the next one it asks for, or EAP-Failure.
         */
        @WithDefault("gtc,mschapv2")
        List<EapMethod> methods();

        /** How long one conversation may last from its EAP-Identity to its last round. */
        @WithDefault("60s")
        Duration stateLifetime();

        /** Most Access-Challenges in one conversation; beyond, Access-Reject. */
        @WithDefault("6")
        int maxRounds();

        /** The text of the EAP-GTC request, which peers that ask the user show as the prompt. */
        @WithDefault("One-time password")
        String gtcPrompt();

        /** Most final rounds one replica remembers (for their lifetime) to refuse their replay. */
        @WithDefault("10000")
        int replayCacheSize();
    }

    /** An EAP method the gateway can offer. */
    enum EapMethod {
        /** EAP-GTC (RFC 3748 §5.6): the OTP as the response. */
        GTC,
        /** EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2), with MS-MPPE keys for the NAS. */
        MSCHAPV2
    }

    /** Key files; each is a secret mounted from outside, never part of the image or of git. */
    interface Keys {

        /** Private JWK (ES256) that signs the gateway's service tokens for otp-service. */
        Optional<Path> serviceSigningKey();

        /** AES-256 key (base64url) that opens the secrets of console-managed RADIUS clients. */
        Optional<Path> nasSecretKey();
    }

    /** Where and how RADIUS is served. */
    interface Radius {

        /** Address the UDP listeners bind to. */
        @WithDefault("0.0.0.0")
        String bindAddress();

        /** UDP port for Access-Request and Status-Server (RFC 2865); 0 picks a free one. */
        @WithDefault("1812")
        int authPort();

        /** UDP port for Accounting-Request (RFC 2866); 0 picks a free one. */
        @WithDefault("1813")
        int acctPort();

        /** Most answers kept for retransmissions (RFC 5080 duplicate detection). */
        @WithDefault("10000")
        int duplicateCacheSize();

        /** How long an answer is kept for retransmissions. */
        @WithDefault("30s")
        Duration duplicateCacheTtl();

        /** At most one log line per drop reason in this interval. */
        @WithDefault("10s")
        Duration dropLogInterval();

        /** Add MS-CHAP-Error (E=691) to the Access-Reject of an MS-CHAPv2 request. */
        @WithDefault("true")
        boolean msChapError();
    }

    /** RADIUS clients: a static file and the console-managed clients of radius-client-events. */
    interface Clients {

        /** The static clients file (JSON); none means console-managed clients only. */
        Optional<Path> file();

        /** How often the file (and the secret files it names) is checked for changes. */
        @WithDefault("5s")
        Duration reloadInterval();

        /**
         * How often the clients in force are announced again on radius-events even when the file did
         * not change, so that a console started later learns them.
         */
        @WithDefault("5m")
        Duration announceInterval();

        /** Follow radius-client-events (console-managed clients). */
        @WithDefault("true")
        boolean dynamic();

        /** Shortest shared secret accepted. */
        @WithDefault("16")
        int minSecretLength();
    }

    /** The internal verification call. */
    interface Otp {

        /** Base URL of otp-service's internal API. */
        @WithDefault("http://localhost:8081")
        String url();

        /**
         * PEM certificate that otp-service's internal TLS port presents (an https url): the only
         * certificate trusted, pinned, so host names are not checked; empty: the JVM's trust store.
         */
        Optional<String> trustedCertificateFile();

        /** The whole budget of one verification, well inside a NAS's timeout. */
        @WithDefault("2s")
        Duration deadline();

        /** Most verifications in flight; beyond, requests are answered as if otp-service were absent. */
        @WithDefault("256")
        int maxInFlight();

        /**
         * Send verifications in batches ({@code POST /internal/v1/otp/verify-batch}): what queued up
         * while a batch was on its way leaves together as the next one, so that one commit in
         * otp-service carries many logins. No timer: a lone request leaves at once. Off: one call per
         * request. An otp-service without the batch call (older than this gateway) is detected and
         * asked one request at a time.
         */
        @WithDefault("true")
        boolean batching();

        /** How long an otp-service without the batch call is asked one request per call before trying again. */
        @WithDefault("60s")
        Duration batchProbeInterval();

        /** Most batches on their way at once (each waits for one commit in otp-service). */
        @WithDefault("2")
        int batchesInFlight();

        /** What a NAS gets when otp-service is slow, absent or overloaded. */
        @WithDefault("reject")
        Unavailable onUnavailable();

        /** Reply-Message of that Access-Reject (empty: none). */
        @WithDefault("The login service is unavailable, please try again later")
        String unavailableMessage();

        /** Lifetime of a service token; a new one is signed when a third of it is left. */
        @WithDefault("5m")
        Duration tokenLifetime();
    }

    /** What to answer when otp-service cannot decide. */
    enum Unavailable {
        /** Access-Reject with the unavailable message. */
        REJECT,
        /** No answer, so that the NAS tries its next RADIUS server. */
        SILENCE
    }

    /** Events on radius-events. */
    interface Events {

        /** Drops are counted for this long, then published as one event per source and reason. */
        @WithDefault("10s")
        Duration dropWindow();

        /** Most distinct sources in one window; more are merged into one record per reason. */
        @WithDefault("100")
        int maxDropSources();

        /** Most events waiting for Kafka; beyond, events are counted as lost. */
        @WithDefault("10000")
        int queueSize();
    }
}
