package dev.zeropin.registration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

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

    /** Key files; each is a secret mounted from outside, never part of the image or of git. */
    interface Keys {

        /** Private JWK (ES256) that signs activation tokens. */
        Optional<Path> activationSigningKey();
    }
}
