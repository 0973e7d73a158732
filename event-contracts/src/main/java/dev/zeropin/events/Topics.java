package dev.zeropin.events;

import java.util.List;

/** Kafka topic names shared by every producer and consumer. Keys are the event subject. */
public final class Topics {

    /** Project created / updated (settings only); produced by registration-service. */
    public static final String PROJECT_EVENTS = "project-events";

    /** Identity registered / revoked; produced by registration-service. */
    public static final String IDENTITY_EVENTS = "identity-events";

    /** Authentications, PIN failures, blocks and OTP life cycle; produced by otp-service. */
    public static final String AUTH_EVENTS = "auth-events";

    /** RADIUS access decisions, drops and accounting; produced by radius-gateway. */
    public static final String RADIUS_EVENTS = "radius-events";

    /** RADIUS clients managed in the admin console; produced by registration-service. */
    public static final String RADIUS_CLIENT_EVENTS = "radius-client-events";

    /** Every topic of the product, in the order of the design document. */
    public static final List<String> ALL =
            List.of(PROJECT_EVENTS, IDENTITY_EVENTS, AUTH_EVENTS, RADIUS_EVENTS, RADIUS_CLIENT_EVENTS);

    private Topics() {}
}
