package dev.zeropin.registration;

import dev.zeropin.infra.testing.KafkaResource;
import dev.zeropin.infra.testing.KeysResource;
import dev.zeropin.infra.testing.MailResource;
import dev.zeropin.infra.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one set of real infrastructure every test of this module runs against, so that Quarkus
 * boots once per module: PostgreSQL, a Kafka broker, an SMTP server and freshly generated keys.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(
        value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "registration"),
        parallel = true)
@WithTestResource(value = KafkaResource.class, parallel = true)
@WithTestResource(value = MailResource.class, parallel = true)
@WithTestResource(
        value = KeysResource.class,
        initArgs = @ResourceArg(name = "service", value = "registration"),
        parallel = true)
public @interface RegistrationTestResources {}
