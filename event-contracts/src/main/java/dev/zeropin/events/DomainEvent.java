package dev.zeropin.events;

/**
 * A fact that one service publishes for others. Each implementation is an immutable record whose
 * {@link EventType} annotation names its type, version and topic.
 *
 * <p>No event ever carries a PIN, token, client secret, OTP or shared secret.
 */
public interface DomainEvent {

    /** The entity the event is about; the Kafka key, so one subject's events stay in order. */
    String subject();
}
