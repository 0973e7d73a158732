package dev.zeropin.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the wire type, schema version and topic of a {@link DomainEvent} record. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** Stable dotted name on the wire, e.g. {@code project.created}. */
    String value();

    /** Schema version of the payload; raised only for incompatible changes. */
    int version() default 1;

    /** Topic the event is published to, one of {@link Topics}. */
    String topic();
}
