package dev.zeropin.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of radius-gateway. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The RADIUS listeners. */
    Radius radius();

    /** Key files of this service. */
    Keys keys();

    /** Key files; each is a secret mounted from outside, never part of the image or of git. */
    interface Keys {

        /** Private JWK (ES256) that signs the gateway's service tokens for otp-service. */
        Optional<Path> serviceSigningKey();
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
    }
}
