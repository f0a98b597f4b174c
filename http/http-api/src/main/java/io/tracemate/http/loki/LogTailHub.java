package io.tracemate.http.loki;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.logql.engine.TailFilter;
import io.tracemate.logs.model.LogStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * Fans newly ingested log streams out to live tails ({@code /loki/api/v1/tail}).
 *
 * <p>The ingest path calls {@link #publish} once the write-ahead log has acknowledged a batch. Publishing never
 * blocks and does little work on the caller's thread: per subscriber of the tenant, a stream-label match and
 * an append to that subscriber's bounded queue. A subscriber whose queue is full (a slow client) loses the
 * overflow, which it is told about in its next message's {@code dropped_entries}; the pipeline (line filters,
 * parsers, formatting) and the JSON encoding run on the subscriber's own executor.
 *
 * <p>At most {@code maxSubscribers} tails run at once; one more is refused with Loki's message. Thread-safe.
 */
public final class LogTailHub {
  /** Loki's default {@code max_concurrent_tail_requests}. */
  public static final int DEFAULT_MAX_SUBSCRIBERS = 10;

  /** Entries a subscriber may have waiting before new ones are dropped. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  private final int maxSubscribers;
  private final int queueCapacity;
  private final List<TailSubscription> subscriptions = new CopyOnWriteArrayList<>();

  /** With {@link #DEFAULT_MAX_SUBSCRIBERS} and {@link #DEFAULT_QUEUE_CAPACITY}. */
  public LogTailHub() {
    this(DEFAULT_MAX_SUBSCRIBERS, DEFAULT_QUEUE_CAPACITY);
  }

  /**
   * @param maxSubscribers concurrent tails allowed (Loki's {@code max_concurrent_tail_requests})
   * @param queueCapacity entries each tail may have waiting to be sent
   */
  public LogTailHub(int maxSubscribers, int queueCapacity) {
    if (maxSubscribers < 1) {
      throw new IllegalArgumentException(
          "maxSubscribers must be at least 1, got " + maxSubscribers);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
    }
    this.maxSubscribers = maxSubscribers;
    this.queueCapacity = queueCapacity;
  }

  /**
   * Offers streams the tenant just wrote (durably) to every live tail whose tenants include it. Never blocks.
   */
  public void publish(String tenant, List<LogStream> streams) {
    Objects.requireNonNull(tenant, "tenant");
    if (streams.isEmpty()) {
      return;
    }
    for (TailSubscription subscription : subscriptions) {
      subscription.offer(tenant, streams);
    }
  }

  /** Tails running now. */
  public int subscribers() {
    return subscriptions.size();
  }

  public int maxSubscribers() {
    return maxSubscribers;
  }

  /**
   * Registers a tail, paused: entries queue up (within capacity) until {@link TailSubscription#start()}, so the
   * caller can first send what the store already has.
   *
   * @param sink receives each JSON message; the next one is sent only once the future completes
   * @param executor runs the pipeline and the encoding
   * @throws BadRequestException when {@code maxSubscribers} tails are running, in Loki's words
   */
  synchronized TailSubscription subscribe(
      TenantScope tenants, TailFilter filter, TailSubscription.Sink sink, Executor executor) {
    checkCapacity();
    TailSubscription subscription =
        new TailSubscription(tenants, filter, sink, executor, queueCapacity, subscriptions::remove);
    subscriptions.add(subscription);
    return subscription;
  }

  /** @throws BadRequestException when no further tail may start */
  void checkCapacity() {
    int count = subscriptions.size();
    if (count >= maxSubscribers) {
      throw new BadRequestException(
          "max concurrent tail requests limit exceeded, count > limit ("
              + (count + 1)
              + " > "
              + maxSubscribers
              + ")");
    }
  }
}
