package dev.zeropin.registration;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventCodec;
import dev.zeropin.infra.KafkaBroker;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Events as the other services put them on a topic: enveloped JSON records, keyed. */
public final class EventRecords {

    private static final EventCodec CODEC = new EventCodec();

    private EventRecords() {}

    /** The record value of {@code event} as its producer writes it (a fresh event id). */
    public static String json(DomainEvent event) {
        return json(event, Instant.now());
    }

    /** The record value of {@code event}, said to have occurred at {@code occurredAt}. */
    public static String json(DomainEvent event, Instant occurredAt) {
        return CODEC.toJson(CODEC.envelope(event, occurredAt));
    }

    /** Publishes one event and waits until the broker has it. */
    public static void publish(KafkaBroker broker, String topic, DomainEvent event) {
        publishAll(broker, topic, event.subject(), List.of(json(event)));
    }

    /**
     * Publishes raw record values in one go, in this order, under one key (one partition), and
     * waits until the broker has them all: the consumer polls them as one batch or a few.
     */
    public static void publishAll(KafkaBroker broker, String topic, String key, List<String> values) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            var sent = values.stream()
                    .map(value -> producer.send(new ProducerRecord<>(topic, key, value)))
                    .toList();
            producer.flush();
            for (var future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }
}
