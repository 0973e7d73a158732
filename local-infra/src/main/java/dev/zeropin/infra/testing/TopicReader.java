package dev.zeropin.infra.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning, as a test's eye on what a service published. Each reader has
 * its own consumer group, so it sees every record, whatever other consumers do.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicReader(String bootstrapServers, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** A reader of {@code topic} on the broker at {@code bootstrapServers}. */
    public static TopicReader of(String bootstrapServers, String topic) {
        return new TopicReader(bootstrapServers, topic);
    }

    /**
     * Polls until {@code count} records match {@code predicate} (values are JSON text), or fails.
     *
     * @return every matching record seen so far
     */
    public List<ConsumerRecord<String, String>> await(
            Predicate<ConsumerRecord<String, String>> predicate, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<String, String>> matching =
                    seen.stream().filter(predicate).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching record(s), saw " + matching.size() + " of "
                        + seen.size() + " within " + timeout);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
    }

    /** Polls for {@code duration} and returns every record that matches, however many. */
    public List<ConsumerRecord<String, String>> collect(
            Predicate<ConsumerRecord<String, String>> predicate, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return seen.stream().filter(predicate).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
