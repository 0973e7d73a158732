package dev.zeropin.registration.service;

import dev.zeropin.registration.config.RegistrationConfig;
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
    RegistrationKeys registrationKeys(RegistrationConfig config) {
        return RegistrationKeys.load(config.keys());
    }

    @Produces
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
