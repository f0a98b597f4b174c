package io.tracemate.queue.kafka;

import io.tracemate.component.Batch;
import io.tracemate.component.DurableStage;
import io.tracemate.queue.BatchWriter;
import io.tracemate.queue.PayloadCodec;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.Weigher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store end of the Kafka queue: consumes a signal's topic in the ingesters' consumer group and runs for its
 * partitions what runs after the local write-ahead log in the single process (the binding's stage: span metrics,
 * the service graph, tail sampling), then the store. Offsets are committed only after the store made the records
 * durable, every {@code kafka.consumer.commit-interval}: a crash, or a partition moving to another ingester, replays
 * from the last commit and loses nothing.
 *
 * <h2>Nothing twice</h2>
 * A replay re-reads what the store may already have (written after the last commit). Two ways keep it from being
 * stored twice, by what the store can do:
 *
 * <ul>
 *   <li>A writer that {@linkplain BatchWriter#keepsSequences() keeps sequences} (the log store) gets one record per
 *       write, numbered by this ingester; before each flush the {@link OffsetLedger} records which offsets that
 *       number covers. After a restart, the store's persisted sequence picks the ledger entry it reached, and each
 *       partition is read from there (or the committed offset, if later): exactly once, whatever moment the crash
 *       hit.
 *   <li>A writer that does not (the span store) gets store-sized merged writes, and a replayed span reaches it again;
 *       the span store answers every read with one copy of identical spans (by identity: trace, span and content),
 *       as it already does for a client's retry and a local write-ahead-log replay, so no reader ever sees it
 *       twice. A store shared by ingesters (OpenSearch) makes the write itself idempotent with a document ID from
 *       the span's identity.
 * </ul>
 *
 * <h2>Tail sampling</h2>
 * The stage holds spans while their trace waits for its decision; an offset is committed only below the oldest
 * record the stage still holds, so after a crash those traces are rebuilt from Kafka. Spans of a partition this
 * ingester lost in a rebalance that its sampler still holds are decided and stored by it as well as replayed by the
 * partition's next owner: the read-time de-duplication covers that rare double.
 *
 * <h2>What the stage derives</h2>
 * With a {@link CommitOutbox} (the RED deltas of span metrics and the service graph, which queriers sum), offsets are
 * committed through a transactional producer: the outbox's records and the offsets in one Kafka transaction
 * ({@code sendOffsetsToTransaction}), so what was derived is published exactly when the offsets of the records it
 * came from are committed. Each committed offset carries in its metadata how far the ingester had consumed that
 * partition ({@code observed-next=}): records below that were derived from already (the tail sampler may hold them
 * below it), so a replay hands them to the stage with {@link DurableStage#replay}, which the connectors skip. A
 * transaction that fails is aborted and its records published with the next one; when the partitions are revoked or
 * lost before that, they are forgotten (the records they came from will be consumed again, from the committed
 * offsets).
 *
 * <p>One thread per ingester owns the consumer, the stage and the writer; {@link #close()} may be called from any
 * thread.
 */
public final class KafkaIngester<B extends Batch> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaIngester.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
  private static final long FIRST_RESTART_BACKOFF_MILLIS = 100;
  private static final long MAX_RESTART_BACKOFF_MILLIS = 30_000;

  /** A failure this long after the last restart starts the backoff over: it is a new fault, not the same one. */
  private static final long CALM_NANOS = Duration.ofMinutes(5).toNanos();

  private static final int REVOKE_COMMIT_ATTEMPTS = 2;

  /** The committed offset's metadata: how far the partition had been consumed (and observed) at the commit. */
  static final String OBSERVED_NEXT = "observed-next=";

  private final String signal;
  private final String topic;
  private final KafkaSettings settings;
  private final PayloadCodec<B> codec;
  private final Weigher<B> weigher;
  private final BatchWriter<B> writer;
  private final DurableStage<B> stage; // null: every batch goes to the store
  private final Consumer<B> onDurable; // null: nobody listens
  private final long storeBatch;
  private final Duration commitInterval;
  private final OffsetLedger ledger; // null unless the writer keeps sequences
  private final KafkaQueueMetrics metrics;
  private final CommitOutbox
      outbox; // null: offsets committed by the consumer, nothing published with them
  private final KafkaProducer<byte[], byte[]> transactions; // null without an outbox
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String problem;

  // Owned by the ingester's thread.
  private KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, ArrayDeque<long[]>> uncommitted = new HashMap<>();
  private final Map<Integer, Long> durableNext = new HashMap<>();
  private final List<B> pending = new ArrayList<>();
  private long pendingWeight;
  private long sequence;
  private long lastTaken;
  private OffsetLedger.Entry confirmed;
  private long nextCommitNanos;
  private boolean writtenSinceFlush;
  private boolean committedAll = true;
  private List<ProducerRecord<byte[], byte[]>> unpublished = new ArrayList<>();
  private boolean commitInDoubt; // the last commitTransaction timed out: it may yet complete
  private final Map<TopicPartition, Long> takenNext = new HashMap<>();
  private final Map<TopicPartition, Long> observedNext = new HashMap<>();
  // The consumer closes after a failure: its revocation commits nothing more.
  private boolean abandoning;

  /**
   * @param ledgerDirectory where the offset ledger is kept, for a writer that keeps sequences (the store's own data
   *     folder's parent is a good place: it must live and die with the store)
   */
  public KafkaIngester(
      KafkaSettings settings,
      QueueBinding<B> binding,
      long storeBatch,
      Path ledgerDirectory,
      KafkaQueueMetrics metrics) {
    this(settings, binding, storeBatch, ledgerDirectory, metrics, null, null);
  }

  /**
   * @param outbox what to publish in the transaction that commits the offsets, or null (offsets committed by the
   *     consumer alone)
   * @param transactionalId the transactional producer's ID when there is an outbox: the same for the same ingester
   *     across restarts (a restart then aborts what a crash left open at once, instead of after the transaction
   *     time-out during which queriers wait), different for every ingester running at once
   */
  public KafkaIngester(
      KafkaSettings settings,
      QueueBinding<B> binding,
      long storeBatch,
      Path ledgerDirectory,
      KafkaQueueMetrics metrics,
      CommitOutbox outbox,
      String transactionalId) {
    this.signal = binding.signal();
    this.topic = settings.topic(signal);
    this.settings = settings;
    this.codec = binding.codec();
    this.weigher = binding.weigher();
    this.writer = binding.writer();
    this.stage = binding.stage();
    this.onDurable = binding.onDurable();
    this.storeBatch = storeBatch;
    this.commitInterval = settings.consumer().commitInterval();
    this.metrics = metrics;
    if (stage != null && writer.keepsSequences()) {
      throw new IllegalArgumentException(
          signal + ": a stage that holds records back cannot feed a writer that keeps sequences");
    }
    if (writer.keepsSequences()) {
      this.ledger = new OffsetLedger(ledgerDirectory.resolve("kafka-" + signal + ".offsets"));
      long persisted = writer.persistedSequence();
      this.confirmed = OffsetLedger.durableAt(ledger.read(), persisted);
      if (confirmed != null) {
        durableNext.putAll(confirmed.nextOffsets());
        ledger.write(List.of(confirmed)); // an entry the store never reached is void
      }
      this.sequence = persisted;
    } else {
      this.ledger = null;
    }
    this.lastTaken = sequence;
    this.outbox = outbox;
    if (outbox != null && writer.keepsSequences()) {
      throw new IllegalArgumentException(
          signal
              + ": an outbox publishes with the offsets, which a sequence-keeping writer's ledger decides");
    }
    this.transactions =
        outbox == null
            ? null
            : KafkaClients.transactionalProducer(
                settings, "tracemate-ingester-" + signal, transactionalId);
    this.consumer = newConsumer();
    this.thread =
        Thread.ofPlatform().name(signal + "-kafka-ingester").daemon(true).unstarted(this::run);
  }

  /** Joins the consumer group and starts consuming. */
  public KafkaIngester<B> start() {
    thread.start();
    return this;
  }

  /** Null while the store takes what Kafka delivers; otherwise what is wrong, for /ready. */
  public String problem() {
    return problem;
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    return KafkaClients.consumer(settings, "tracemate-ingester-" + signal);
  }

  /**
   * Consumes until {@link #close()}. A failure that escapes a round (Kafka's client in a state it does not recover
   * from, the offset ledger's disk) does not end the ingester: it is counted
   * ({@code tracemate_kafka_ingester_restarts_total}), /ready says so, and after a backoff (100 ms doubling to 30 s)
   * the ingester leaves the group and joins it again with a new consumer, reading on from what its store holds.
   */
  private void run() {
    try {
      runRounds();
    } finally {
      if (transactions != null) {
        try {
          transactions.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
          log.warn("closing the {} ingester's transactional producer failed", signal, e);
        }
      }
    }
  }

  private void runRounds() {
    long backoffMillis = FIRST_RESTART_BACKOFF_MILLIS;
    long lastRestart = System.nanoTime() - CALM_NANOS;
    try {
      if (transactions != null) {
        transactions.initTransactions(); // aborts what this ingester's last run left open
      }
    } catch (RuntimeException e) {
      problem = signal + " ingester cannot start its transactions: " + e;
      log.error("the {} Kafka ingester cannot start its transactions", signal, e);
      closeQuietly();
      return;
    }
    while (true) {
      try {
        if (consumer == null) {
          consumer = newConsumer();
        }
        consume();
        break; // closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          log.warn("the {} ingester failed while closing; the next start replays", signal, e);
          closeQuietly();
          return;
        }
        if (System.nanoTime() - lastRestart >= CALM_NANOS) {
          backoffMillis = FIRST_RESTART_BACKOFF_MILLIS;
        }
        metrics.ingesterRestarts.labelValues(signal).inc();
        problem = signal + " ingester restarting after: " + e;
        log.error(
            "the {} Kafka ingester failed; it joins the group again in {} ms and reads on from what its"
                + " store holds",
            signal,
            backoffMillis,
            e);
        abandonConsumer();
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_RESTART_BACKOFF_MILLIS);
        lastRestart = System.nanoTime();
      }
    }
    try {
      writePending();
      commit();
    } catch (RuntimeException | InterruptedException e) {
      log.warn(
          "the {} ingester's last commit failed; the next start replays from the last one",
          signal,
          e);
    } finally {
      closeQuietly();
    }
  }

  /** The rounds: poll, stage, store, and every commit interval a flush and a commit; until closed. */
  private void consume() throws InterruptedException {
    nextCommitNanos = System.nanoTime() + commitInterval.toNanos();
    consumer.subscribe(List.of(topic), new Rebalance());
    while (running) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        take(record);
      }
      writePending();
      if (stage != null) {
        for (B batch : tickStage()) {
          addPending(batch);
        }
        writePending();
      }
      if (System.nanoTime() - nextCommitNanos >= 0 || (outbox != null && outbox.full())) {
        commit();
      }
    }
  }

  /**
   * Before a restart: commits what it can, leaves the group, and forgets what it took but did not commit, which the
   * next consumer reads again (the store takes a replayed span as it takes a client's retry). A writer that keeps
   * sequences already holds every record taken, flushed or not, and this process keeps them: the next consumer
   * starts after them rather than writing them twice.
   */
  private void abandonConsumer() {
    if (consumer == null) {
      return; // a new consumer could not be made: nothing to give up
    }
    try {
      commit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("the {} ingester's commit before its restart failed", signal, e);
    }
    if (ledger != null) {
      for (Map.Entry<TopicPartition, ArrayDeque<long[]>> entry : uncommitted.entrySet()) {
        if (!entry.getValue().isEmpty()) {
          durableNext.put(entry.getKey().partition(), entry.getValue().peekLast()[1] + 1);
        }
      }
    }
    if (outbox != null && !committedAll) {
      // The next consumer reads those records again from the committed offsets and derives again.
      unpublished = new ArrayList<>();
      outbox.discard();
      committedAll = true;
    }
    abandoning = true;
    try {
      closeQuietly();
    } finally {
      abandoning = false;
    }
    consumer = null;
    uncommitted.clear();
    pending.clear();
    pendingWeight = 0;
  }

  private void closeQuietly() {
    if (consumer == null) {
      return;
    }
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("closing the {} ingester's consumer failed", signal, e);
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
    metrics.consumedRecords.labelValues(signal).inc();
    long n = ++sequence;
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    uncommitted
        .computeIfAbsent(partition, p -> new ArrayDeque<>())
        .add(new long[] {n, record.offset()});
    lastTaken = n;
    takenNext.put(partition, record.offset() + 1);
    Long observedBelow = observedNext.get(partition);
    boolean observedBefore = observedBelow != null && record.offset() < observedBelow;
    B batch;
    try {
      batch = codec.decode(record.value());
    } catch (RuntimeException e) {
      metrics.undecodable.labelValues(signal).inc();
      log.error(
          "{} record at {} offset {} could not be decoded and is skipped",
          signal,
          partition,
          record.offset(),
          e);
      return;
    }
    if (writer.keepsSequences()) {
      writeWithRetry(n, List.of(batch));
      notifyDurable(batch);
      return;
    }
    if (stage == null) {
      addPending(batch);
    } else {
      for (B kept : offerToStage(n, batch, observedBefore)) {
        addPending(kept);
      }
    }
    if (pendingWeight >= storeBatch) {
      writePending();
    }
  }

  private void addPending(B batch) {
    if (batch != null && !batch.isEmpty()) {
      pending.add(batch);
      pendingWeight += weigher.weigh(batch);
    }
  }

  private void writePending() throws InterruptedException {
    if (pending.isEmpty()) {
      return;
    }
    writeWithRetry(lastTaken, pending);
    for (B batch : pending) {
      notifyDurable(batch);
    }
    pending.clear();
    pendingWeight = 0;
  }

  /**
   * Makes the store durable, then commits every partition's offsets below the oldest record not yet durable in it
   * (and not held by the stage).
   */
  private void commit() throws InterruptedException {
    nextCommitNanos = System.nanoTime() + commitInterval.toNanos();
    writePending();
    long safe = stage == null ? lastTaken : Math.min(lastTaken, stage.oldestHeldSequence() - 1);
    boolean outboxWaiting = outbox != null && (outbox.hasPending() || !unpublished.isEmpty());
    if (!writtenSinceFlush && committedAll && allDurable(safe) && !outboxWaiting) {
      problem = null; // nothing new since the last commit, and that one went through
      return;
    }
    Map<Integer, Long> candidate = new HashMap<>(durableNext);
    for (Map.Entry<TopicPartition, ArrayDeque<long[]>> entry : uncommitted.entrySet()) {
      long[] lastSafe = null;
      for (long[] position : entry.getValue()) {
        if (position[0] > safe) {
          break;
        }
        lastSafe = position;
      }
      if (lastSafe != null) {
        candidate.put(entry.getKey().partition(), lastSafe[1] + 1);
      }
    }
    OffsetLedger.Entry intent = null;
    if (ledger != null) {
      intent = new OffsetLedger.Entry(lastTaken, candidate);
      ledger.write(confirmed == null ? List.of(intent) : List.of(confirmed, intent));
    }
    try {
      writer.flush();
    } catch (RuntimeException e) {
      metrics.storeWriteFailures.labelValues(signal).inc();
      problem = signal + " store flush failing: " + e.getMessage();
      log.warn("{} store flush failed; nothing committed, retried at the next interval", signal, e);
      return;
    }
    writtenSinceFlush = false;
    if (ledger != null) {
      confirmed = intent;
      ledger.write(List.of(confirmed));
    }
    durableNext.putAll(candidate);
    for (ArrayDeque<long[]> positions : uncommitted.values()) {
      while (!positions.isEmpty() && positions.peekFirst()[0] <= safe) {
        positions.pollFirst();
      }
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      Long next = durableNext.get(partition.partition());
      if (outbox != null) {
        ArrayDeque<long[]> positions = uncommitted.get(partition);
        if (next == null && positions != null && !positions.isEmpty()) {
          next = positions.peekFirst()[1]; // all held by the stage: its observed-next must be kept
        }
        Long taken = takenNext.get(partition);
        if (next != null) {
          offsets.put(
              partition,
              new OffsetAndMetadata(
                  next, taken == null ? "" : OBSERVED_NEXT + Math.max(taken, next)));
        }
      } else if (next != null) {
        offsets.put(partition, new OffsetAndMetadata(next));
      }
    }
    if (outbox != null) {
      publishWithOffsets(offsets);
      return;
    }
    if (offsets.isEmpty()) {
      problem = null;
      return;
    }
    try {
      consumer.commitSync(offsets, COMMIT_TIMEOUT);
      metrics.commits.labelValues(signal).inc();
      committedAll = true;
      problem = null;
    } catch (RuntimeException e) {
      committedAll = false;
      metrics.commitFailures.labelValues(signal).inc();
      problem = signal + " offset commit failing: " + e.getMessage();
      log.warn(
          "committing {} offsets failed; the store has the records, the commit is retried",
          signal,
          e);
    }
  }

  /**
   * Publishes the outbox's records (and those of a transaction that failed before) with the offsets, in one
   * transaction. A failure aborts it: the records wait for the next commit, the consumer goes on. A commit that timed
   * out may still complete, so it is retried as it is (never aborted) before anything else.
   */
  private void publishWithOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (commitInDoubt) {
      if (!finishCommit()) {
        return;
      }
    }
    unpublished.addAll(outbox.take());
    if (offsets.isEmpty() && unpublished.isEmpty()) {
      problem = null;
      return;
    }
    try {
      transactions.beginTransaction();
      for (ProducerRecord<byte[], byte[]> record : unpublished) {
        transactions.send(record); // a failed send fails the commit below
      }
      if (!offsets.isEmpty()) {
        transactions.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      }
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      throw fatal(e);
    } catch (KafkaException e) {
      abort(e);
      return;
    }
    finishCommit();
  }

  /** Commits the open transaction; true when it committed. */
  private boolean finishCommit() {
    try {
      transactions.commitTransaction();
    } catch (org.apache.kafka.common.errors.TimeoutException
        | org.apache.kafka.common.errors.InterruptException e) {
      commitInDoubt = true;
      committedAll = false;
      metrics.commitFailures.labelValues(signal).inc();
      problem = signal + " offset commit failing: " + e.getMessage();
      log.warn("committing {} offsets timed out; retried at the next commit", signal, e);
      return false;
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      throw fatal(e);
    } catch (KafkaException e) {
      commitInDoubt = false;
      abort(e);
      return false;
    }
    commitInDoubt = false;
    metrics.commits.labelValues(signal).inc();
    unpublished = new ArrayList<>();
    committedAll = true;
    problem = null;
    return true;
  }

  private void abort(KafkaException e) {
    try {
      transactions.abortTransaction();
    } catch (KafkaException abortFailed) {
      e.addSuppressed(abortFailed);
    }
    committedAll = false;
    metrics.commitFailures.labelValues(signal).inc();
    problem = signal + " offset commit failing: " + e.getMessage();
    log.warn(
        "committing {} offsets with {} derived records failed; both are retried",
        signal,
        unpublished.size(),
        e);
  }

  /** Another ingester has this one's transactional ID, or Kafka refuses transactions: it stops. */
  private IllegalStateException fatal(KafkaException e) {
    metrics.commitFailures.labelValues(signal).inc();
    return new IllegalStateException(
        signal
            + " ingester cannot commit transactionally (is another ingester running with its"
            + " transactional ID?): "
            + e.getMessage(),
        e);
  }

  /** Whether no record the stage does not hold waits for a flush. */
  private boolean allDurable(long safe) {
    for (ArrayDeque<long[]> positions : uncommitted.values()) {
      if (!positions.isEmpty() && positions.peekFirst()[0] <= safe) {
        return false;
      }
    }
    return true;
  }

  private void writeWithRetry(long upTo, List<B> batches) throws InterruptedException {
    long backoffMillis = 50;
    while (true) {
      try {
        writer.write(upTo, batches);
        writtenSinceFlush = true;
        return;
      } catch (RuntimeException e) {
        metrics.storeWriteFailures.labelValues(signal).inc();
        problem = signal + " store write failing: " + e.getMessage();
        if (!running) {
          throw e;
        }
        log.warn("{} store write failed, retrying in {} ms", signal, backoffMillis, e);
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  private List<B> offerToStage(long n, B batch, boolean observedBefore) {
    try {
      return observedBefore ? stage.replay(n, batch) : stage.offer(n, batch);
    } catch (RuntimeException e) {
      log.error("{} stage failed on record {}; stored as it is", signal, n, e);
      return List.of(batch);
    }
  }

  private List<B> tickStage() {
    try {
      return stage.tick();
    } catch (RuntimeException e) {
      log.error("{} stage failed on tick", signal, e);
      return List.of();
    }
  }

  private void notifyDurable(B batch) {
    if (onDurable == null) {
      return;
    }
    try {
      onDurable.accept(batch);
    } catch (RuntimeException e) {
      log.warn("a {} on-stored listener failed", signal, e);
    }
  }

  /**
   * Stops consuming after the current round (a poll waits at most 100 ms), writes and flushes what was taken,
   * commits it, leaves the group.
   */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The offset below which a partition's records were observed already, from a committed offset's metadata. */
  static long observedNext(OffsetAndMetadata committed) {
    if (committed == null) {
      return -1;
    }
    String metadata = committed.metadata();
    if (metadata != null && metadata.startsWith(OBSERVED_NEXT)) {
      try {
        return Math.max(
            committed.offset(), Long.parseLong(metadata.substring(OBSERVED_NEXT.length())));
      } catch (NumberFormatException e) {
        log.warn("ignoring the committed offset's metadata '{}'", metadata);
      }
    }
    return committed.offset();
  }

  /** Runs inside {@code poll}, on the ingester's thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    /**
     * Commits what the store holds, so that the next owner starts after it; a failed commit is tried once more
     * (Kafka allows the commit while the group rebalances), and if that fails too the next owner reads those
     * records again: spans are written again idempotently (by identity), and for a writer that keeps sequences this
     * ingester remembers how far its store goes, in case the partition comes back to it.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (abandoning) {
        forget(partitions);
        return;
      }
      try {
        for (int attempt = 1; attempt <= REVOKE_COMMIT_ATTEMPTS; attempt++) {
          commit();
          if (committedAll) {
            break;
          }
          log.warn(
              "{}: committing before giving up {} failed (attempt {} of {})",
              signal,
              partitions,
              attempt,
              REVOKE_COMMIT_ATTEMPTS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (outbox != null && !committedAll) {
        discardDerived(partitions);
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      if (outbox != null) {
        discardDerived(partitions);
      }
      forget(partitions);
    }

    /**
     * The records since the last commit will be consumed again from the committed offsets (by this ingester or the
     * partitions' next owners) and derived from again: what was derived from them is forgotten, and the partitions
     * this ingester keeps are read again from their committed offsets too.
     */
    private void discardDerived(Collection<TopicPartition> leaving) {
      log.warn(
          "{}: partitions {} leave before the last transaction committed; {} derived records are dropped"
              + " and derived again from the committed offsets",
          signal,
          leaving,
          unpublished.size());
      unpublished = new ArrayList<>();
      outbox.discard();
      committedAll = true;
      Set<TopicPartition> kept = new java.util.HashSet<>(consumer.assignment());
      kept.removeAll(leaving);
      if (!kept.isEmpty()) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(kept, COMMIT_TIMEOUT);
        for (TopicPartition partition : kept) {
          OffsetAndMetadata offset = committed.get(partition);
          if (offset == null) {
            consumer.seekToBeginning(List.of(partition));
          } else {
            consumer.seek(partition, offset.offset());
          }
          uncommitted.remove(partition);
          takenNext.remove(partition);
          observedNext.put(partition, observedNext(offset));
        }
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (outbox != null && !partitions.isEmpty()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            consumer.committed(Set.copyOf(partitions), COMMIT_TIMEOUT);
        for (TopicPartition partition : partitions) {
          observedNext.put(partition, observedNext(committed.get(partition)));
        }
      }
      if (ledger == null || durableNext.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(Set.copyOf(partitions), COMMIT_TIMEOUT);
      for (TopicPartition partition : partitions) {
        Long stored = durableNext.get(partition.partition());
        OffsetAndMetadata offset = committed.get(partition);
        if (stored != null && offset != null && offset.offset() > stored) {
          // Another owner moved on past what this store holds: start from the commit, never commit
          // below it.
          durableNext.remove(partition.partition());
          continue;
        }
        if (stored != null && (offset == null || offset.offset() < stored)) {
          long skipped = stored - (offset == null ? 0 : offset.offset());
          metrics.replaySkipped.labelValues(signal).inc(skipped);
          log.info(
              "{}: the store already holds offsets up to {} (committed: {}); reading from there",
              partition,
              stored,
              offset == null ? "none" : offset.offset());
          consumer.seek(partition, stored);
        }
      }
    }

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        uncommitted.remove(partition);
        takenNext.remove(partition);
        observedNext.remove(partition);
        if (ledger == null) {
          // Its next owner moves its offsets on; what this ingester knew of them is stale from now.
          durableNext.remove(partition.partition());
        }
        // With a ledger it says how far this ingester's own store goes, which stays true; if the
        // partition comes back, onPartitionsAssigned compares it with the group's commit.
      }
    }
  }
}
