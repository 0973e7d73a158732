package dev.zeropin.otp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;

/** Settings of otp-service. */
@ConfigMapping(prefix = "otp")
public interface OtpConfig {

    /** Public base URL of this service, as devices reach it for pass 1 and pass 2. */
    @WithDefault("http://localhost:8081")
    URI publicUrl();
}
