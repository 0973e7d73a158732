package dev.zeropin.otp;

import dev.zeropin.infra.testing.KafkaResource;
import dev.zeropin.infra.testing.KeysResource;
import dev.zeropin.infra.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one set of real infrastructure every test of this module runs against, so that Quarkus
 * boots once per module: PostgreSQL, a Kafka broker and freshly generated keys.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "otp"),
        parallel = true)
@WithTestResource(value = KafkaResource.class, parallel = true)
@WithTestResource(value = KeysResource.class, initArgs = @ResourceArg(name = "service", value = "otp"), parallel = true)
public @interface OtpTestResources {}
