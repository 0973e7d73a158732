package dev.zeropin.otp.service;

import dev.zeropin.otp.config.OtpConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;

/** Loads the keys at start-up, so that a misconfigured service fails at once with a clear message. */
@ApplicationScoped
public class KeysProducer {

    @Produces
    @Singleton
    @Startup
    OtpKeys otpKeys(OtpConfig config) {
        return OtpKeys.load(config.keys());
    }

    @Produces
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
