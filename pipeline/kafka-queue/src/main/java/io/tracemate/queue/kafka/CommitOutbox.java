package io.tracemate.queue.kafka;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What an ingester publishes in the Kafka transaction that commits its offsets ({@link KafkaIngester}): whatever the
 * stage derived from the records it consumed (the RED deltas of span metrics and the service graph). Published in
 * the same transaction as the offsets, a crash between the two can neither lose what was derived nor publish it
 * twice. Called on the ingester's thread only.
 */
public interface CommitOutbox {

  /** Everything derived since the last call, as records to publish; forgotten here once handed out. */
  List<ProducerRecord<byte[], byte[]>> take();

  /** Whether something waits for {@link #take} (a commit is due even when no offset moved). */
  boolean hasPending();

  /** Whether so much waits that the ingester should commit before its commit interval ends (bounded memory). */
  boolean full();

  /**
   * Forgets what waits: the records it came from will be consumed again (the transaction that was to publish it
   * failed and the partitions were revoked or lost), and derived again then.
   */
  void discard();
}
