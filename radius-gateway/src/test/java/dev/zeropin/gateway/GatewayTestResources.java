package dev.zeropin.gateway;

import dev.zeropin.infra.testing.KafkaResource;
import dev.zeropin.infra.testing.KeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one set of infrastructure every test of this module runs against: a real Kafka broker, fresh
 * keys, a clients file with fresh secrets and a stand-in otp-service (for timing faults).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = KafkaResource.class, parallel = true)
@WithTestResource(
        value = KeysResource.class,
        initArgs = @ResourceArg(name = "service", value = "gateway"),
        parallel = true)
@WithTestResource(value = RadiusResource.class, parallel = true)
public @interface GatewayTestResources {}
