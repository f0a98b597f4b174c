package io.tracemate.http.loki;

import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logql.engine.ResultStreamEntry;
import io.tracemate.logql.engine.TailFilter;
import io.tracemate.logs.CrossTenantReader;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live tail: a bounded queue of published entries, drained one message at a time into a {@link Sink}.
 *
 * <p>At most one message is in flight: the next drain starts when the sink's future completes, so a slow
 * client makes entries pile up here, within {@code capacity}, and the overflow is dropped and reported
 * ({@code dropped_entries}, at most {@value #MAX_DROPPED_REPORTED} per message) instead of growing memory or
 * blocking the publisher. Thread-safe: {@link #offer} runs on the ingest thread, drains on the executor.
 */
final class TailSubscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TailSubscription.class);
  static final int MAX_DROPPED_REPORTED = 100;

  /** Where messages go (the WebSocket). The future completes when the peer has taken the message. */
  @FunctionalInterface
  interface Sink {
    CompletableFuture<Void> send(String message);
  }

  /** A dropped entry as Loki reports it: its stream's labels and its timestamp. */
  record Dropped(LabelSet labels, long timestampNanos) {}

  private final TenantScope tenants;
  private final TailFilter filter;
  private final Sink sink;
  private final Executor executor;
  private final int capacity;
  private final Consumer<TailSubscription> onClose;

  private final Object lock = new Object();
  private final ArrayDeque<LogStream> pending = new ArrayDeque<>();
  private final List<Dropped> dropped = new ArrayList<>();
  private int pendingEntries;
  private long droppedTotal;
  private boolean started;
  private boolean draining;
  private boolean closed;

  /**
   * @param tenants whose streams this tail receives; with several, each stream carries Loki's
   *     {@code __tenant_id__} label before the query's selector sees it, so the selector may narrow the tenants
   */
  TailSubscription(
      TenantScope tenants,
      TailFilter filter,
      Sink sink,
      Executor executor,
      int capacity,
      Consumer<TailSubscription> onClose) {
    this.tenants = tenants;
    this.filter = filter;
    this.sink = sink;
    this.executor = executor;
    this.capacity = capacity;
    this.onClose = onClose;
  }

  TenantScope tenants() {
    return tenants;
  }

  /** Whether {@code tenant}'s streams are for this tail: compared by value, without validating it again. */
  boolean covers(String tenant) {
    for (TenantId candidate : tenants.asSet()) {
      if (candidate.value().equals(tenant)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Queues the entries of streams {@code tenant} wrote whose labels the query selects, when the tenant is one of
   * this tail's; does nothing otherwise.
   */
  void offer(String tenant, List<LogStream> streams) {
    if (!covers(tenant)) {
      return;
    }
    if (tenants.isSingle()) {
      offer(streams);
      return;
    }
    List<LogStream> labelled = new ArrayList<>(streams.size());
    for (LogStream stream : streams) {
      labelled.add(
          new LogStream(
              stream.labels().with(CrossTenantReader.TENANT_LABEL, tenant), stream.entries()));
    }
    offer(labelled);
  }

  /** Entries dropped so far because the queue was full. */
  long droppedTotal() {
    synchronized (lock) {
      return droppedTotal;
    }
  }

  /** Queues the entries of streams whose labels the query selects; drops what does not fit. */
  void offer(List<LogStream> streams) {
    boolean queued = false;
    for (LogStream stream : streams) {
      if (stream.entries().isEmpty() || !matches(stream.labels())) {
        continue;
      }
      synchronized (lock) {
        if (closed) {
          return;
        }
        int room = capacity - pendingEntries;
        List<LogEntry> entries = stream.entries();
        int kept = Math.min(room, entries.size());
        if (kept > 0) {
          pending.add(
              kept == entries.size()
                  ? stream
                  : new LogStream(stream.labels(), entries.subList(0, kept)));
          pendingEntries += kept;
          queued = true;
        }
        for (int i = kept; i < entries.size(); i++) {
          droppedTotal++;
          if (dropped.size() < MAX_DROPPED_REPORTED) {
            dropped.add(new Dropped(stream.labels(), entries.get(i).timestampNanos()));
            queued = true;
          }
        }
      }
    }
    if (queued) {
      scheduleDrain();
    }
  }

  /** Lets queued and future entries flow to the sink. */
  void start() {
    synchronized (lock) {
      started = true;
    }
    scheduleDrain();
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      pending.clear();
      dropped.clear();
      pendingEntries = 0;
    }
    onClose.accept(this);
  }

  boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private boolean matches(LabelSet labels) {
    try {
      return filter.matchesStream(labels);
    } catch (RuntimeException e) {
      log.warn("tail filter failed on stream {}", labels, e);
      return false;
    }
  }

  private void scheduleDrain() {
    synchronized (lock) {
      if (!started || draining || closed || (pending.isEmpty() && dropped.isEmpty())) {
        return;
      }
      draining = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RuntimeException rejected) {
      log.warn("cannot schedule a tail drain; closing the tail", rejected);
      close();
    }
  }

  private void drain() {
    List<LogStream> batch;
    List<Dropped> droppedNow;
    synchronized (lock) {
      batch = new ArrayList<>(pending);
      droppedNow = List.copyOf(dropped);
      pending.clear();
      dropped.clear();
      pendingEntries = 0;
    }
    String message;
    try {
      message = render(batch, droppedNow);
    } catch (CancelledException e) {
      close(); // the tail ended while its pipeline ran
      return;
    } catch (RuntimeException e) {
      log.warn("tail pipeline failed; closing the tail", e);
      close();
      return;
    }
    if (message == null) {
      finishDrain();
      return;
    }
    sink.send(message)
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                close();
              } else {
                finishDrain();
              }
            });
  }

  private void finishDrain() {
    synchronized (lock) {
      draining = false;
    }
    scheduleDrain();
  }

  /** The message for a batch, or null when the pipeline kept nothing and nothing was dropped. */
  private String render(List<LogStream> batch, List<Dropped> droppedNow) {
    Map<LabelSet, List<LogEntry>> streams = new LinkedHashMap<>();
    for (LogStream stream : batch) {
      if (isClosed()) {
        return null;
      }
      for (LogEntry entry : stream.entries()) {
        ResultStreamEntry processed = filter.apply(stream.labels(), entry);
        if (processed != null) {
          streams
              .computeIfAbsent(processed.labels(), k -> new ArrayList<>())
              .add(processed.entry());
        }
      }
    }
    if (streams.isEmpty() && droppedNow.isEmpty()) {
      return null;
    }
    return TailJson.message(streams, droppedNow);
  }
}
