package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends index operations to {@code _bulk}: buffered until {@code bulk.max_bytes} or {@code bulk.flush_interval},
 * at most {@code bulk.max_in_flight} requests at once (so at most {@code max_bytes × max_in_flight} bytes in flight
 * plus one buffer; a writer that finds every slot taken waits, which pushes back on the durable queue and through
 * it on the receivers).
 *
 * <p>Failures: a request that gets no answer, a 429 or a 5xx is sent again with exponential backoff (100 ms doubling
 * to 10 s, with jitter), for as long as the indexer is open; so is each item of a bulk answer whose own status is
 * 429 or 5xx, alone (the items that succeeded are not sent again), and each item refused by an index block
 * ({@code cluster_block_exception}: a disk past the flood-stage watermark, {@code index.blocks.write} set by an
 * operator), whatever its status, since a block is the cluster's state of the moment and not the document's fault.
 * An item refused for any other reason (a mapping conflict, a document too large) is malformed for good: it is
 * counted ({@link #rejectedDocuments()}), logged, and never retried. What was sent, taken, retried and dropped is
 * counted for /metrics ({@link #stats()}). {@link #flush(Duration)} returns once everything added before it was acknowledged, which, with the
 * default {@code index.translog.durability: request}, means fsynced on every copy of the shard.
 *
 * <p>Shared by the span and the log backends of this module; not an API of its own. Thread-safe.
 */
public final class BulkIndexer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BulkIndexer.class);
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  /** Distinct error types counted apart; OpenSearch has a few dozen, a bound keeps the metric's series bounded. */
  private static final int MAX_FAILURE_REASONS = 32;

  private static final String INDEX_BLOCKED = "cluster_block_exception";

  /** One index operation: its action and source lines, ready to send. */
  public record Item(String index, byte[] lines) {
    public static Item index(String index, String id, byte[] source) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(source.length + 128);
      byte[] action =
          OpenSearchHttp.JSON
              .createObjectNode()
              .set(
                  "index",
                  OpenSearchHttp.JSON.createObjectNode().put("_index", index).put("_id", id))
              .toString()
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeBytes(action);
      out.write('\n');
      out.writeBytes(source);
      out.write('\n');
      return new Item(index, out.toByteArray());
    }
  }

  private final OpenSearchHttp http;
  private final long maxBytes;
  private final Semaphore slots;
  private final ExecutorService senders;
  private final ScheduledExecutorService ticker;
  private final Object lock = new Object();
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong sentBytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private final AtomicLong inFlightBytes = new AtomicLong();
  private final Map<OpenSearchWriteStats.ItemFailure, AtomicLong> itemFailures =
      new ConcurrentHashMap<>();
  private List<Item> buffer = new ArrayList<>();
  private long bufferBytes;
  private volatile boolean closed;
  private volatile String lastFailure;

  public BulkIndexer(OpenSearchHttp http, OpenSearchStorageConfig.Bulk settings) {
    this.http = http;
    this.maxBytes = settings.maxBytes();
    this.slots = new Semaphore(settings.maxInFlight());
    this.senders =
        Executors.newFixedThreadPool(
            settings.maxInFlight(),
            Thread.ofPlatform().name("opensearch-bulk-", 0).daemon().factory());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("opensearch-bulk-flush").daemon().factory());
    long interval = settings.flushInterval().toMillis();
    ticker.scheduleWithFixedDelay(this::sendBuffered, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Buffers the items; sends a full buffer, waiting for a free slot when every one is taken. */
  public void add(List<Item> items) {
    List<Item> full = null;
    synchronized (lock) {
      ensureOpen();
      for (Item item : items) {
        buffer.add(item);
        bufferBytes += item.lines().length;
      }
      if (bufferBytes >= maxBytes) {
        full = take();
      }
    }
    if (full != null) {
      submit(full, true);
    }
  }

  /**
   * Sends what is buffered and waits until everything added before this call is acknowledged, then makes it visible
   * to searches (a refresh of the indices written to since the last flush).
   *
   * @throws StorageException (retryable) when OpenSearch has not taken it all within {@code timeout}; nothing is
   *     dropped: the requests go on being retried, and a later flush waits for them again
   */
  public void flush(Duration timeout) {
    List<Item> rest;
    synchronized (lock) {
      rest = take();
    }
    if (!rest.isEmpty()) {
      submit(rest, true);
    }
    List<CompletableFuture<Void>> pending = List.copyOf(inFlight);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (CompletableFuture<Void> future : pending) {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new StorageException(
            "OpenSearch has not taken every document within "
                + timeout
                + " (still retrying): "
                + lastFailure,
            true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("interrupted while flushing to OpenSearch", true, e);
      } catch (ExecutionException e) {
        throw new StorageException(
            "a bulk request to OpenSearch failed: " + e.getCause(), true, e.getCause());
      }
    }
    refreshWritten();
  }

  /** Documents OpenSearch refused as malformed since the start (never retried). */
  public long rejectedDocuments() {
    return rejected.get();
  }

  /** Items sent again after a 429, a 5xx or no answer. */
  public long retriedDocuments() {
    return retried.get();
  }

  /** What was sent, taken, retried and dropped so far, and what waits. */
  OpenSearchWriteStats stats() {
    long buffered;
    synchronized (lock) {
      buffered = bufferBytes;
    }
    Map<OpenSearchWriteStats.ItemFailure, Long> failures = new java.util.HashMap<>();
    itemFailures.forEach((failure, count) -> failures.put(failure, count.get()));
    return new OpenSearchWriteStats(
        indexed.get(),
        sentBytes.get(),
        requests.get(),
        failedRequests.get(),
        retried.get(),
        rejected.get(),
        failures,
        inFlightBytes.get(),
        buffered);
  }

  /** The last failure seen, or null. */
  public String lastFailure() {
    return lastFailure;
  }

  private void refreshWritten() {
    if (written.isEmpty()) {
      return;
    }
    List<String> indices = new ArrayList<>(written);
    written.removeAll(indices);
    try {
      http.json(
          "POST",
          "/" + String.join(",", indices) + "/_refresh",
          Map.of("ignore_unavailable", "true"),
          null);
    } catch (StorageException e) {
      written.addAll(indices);
      throw e;
    }
  }

  private List<Item> take() {
    List<Item> taken = buffer;
    buffer = new ArrayList<>();
    bufferBytes = 0;
    return taken;
  }

  /** The flush interval's tick: sends what waits in the buffer, unless every slot is busy (a later tick will). */
  private void sendBuffered() {
    try {
      List<Item> items;
      synchronized (lock) {
        if (buffer.isEmpty() || closed) {
          return;
        }
        if (!slots.tryAcquire()) {
          return;
        }
        items = take();
      }
      submitWithSlot(items);
    } catch (RuntimeException e) {
      log.warn("periodic bulk send failed", e);
    }
  }

  private void submit(List<Item> items, boolean wait) {
    // a buffer larger than max_bytes (one add of many spans) goes as several requests
    for (List<Item> chunk : chunks(items)) {
      if (wait) {
        try {
          slots.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StorageException("interrupted while waiting to send to OpenSearch", true, e);
        }
      }
      submitWithSlot(chunk);
    }
  }

  private void submitWithSlot(List<Item> chunk) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    long bytes = 0;
    for (Item item : chunk) {
      bytes += item.lines().length;
    }
    long chunkBytes = bytes;
    inFlight.add(future);
    inFlightBytes.addAndGet(chunkBytes);
    try {
      senders.execute(
          () -> {
            try {
              send(chunk);
              future.complete(null);
            } catch (RuntimeException | Error e) {
              future.completeExceptionally(e);
            } finally {
              inFlight.remove(future);
              inFlightBytes.addAndGet(-chunkBytes);
              slots.release();
            }
          });
    } catch (RuntimeException e) {
      inFlight.remove(future);
      inFlightBytes.addAndGet(-chunkBytes);
      slots.release();
      future.completeExceptionally(e);
      throw e;
    }
  }

  private List<List<Item>> chunks(List<Item> items) {
    List<List<Item>> chunks = new ArrayList<>();
    List<Item> chunk = new ArrayList<>();
    long bytes = 0;
    for (Item item : items) {
      if (!chunk.isEmpty() && bytes + item.lines().length > maxBytes) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(item);
      bytes += item.lines().length;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /** Sends one bulk request until every item is taken or refused for good (or the indexer is closed). */
  private void send(List<Item> items) {
    List<Item> pending = items;
    int attempt = 0;
    while (!pending.isEmpty()) {
      if (attempt > 0) {
        if (closed && senders.isShutdown()) {
          log.error(
              "giving up on {} documents at shutdown after {} attempts ({}); the write-ahead log still holds"
                  + " them",
              pending.size(),
              attempt,
              lastFailure);
          throw new StorageException("closed before OpenSearch took every document", true);
        }
        long backoff =
            Math.min(MAX_BACKOFF_MILLIS, MIN_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
        OpenSearchHttp.sleepQuietly(
            backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
        retried.addAndGet(pending.size());
      }
      attempt++;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (Item item : pending) {
        body.writeBytes(item.lines());
      }
      JsonNode answer;
      requests.incrementAndGet();
      sentBytes.addAndGet(body.size());
      try {
        answer = http.send("POST", "/_bulk", null, body.toByteArray(), "application/x-ndjson");
      } catch (StorageException e) {
        lastFailure = e.getMessage();
        if (e.retryable()) {
          failedRequests.incrementAndGet();
        }
        if (!e.retryable()) {
          rejected.addAndGet(pending.size());
          log.error(
              "OpenSearch refused a bulk request of {} documents for good: {}",
              pending.size(),
              e.getMessage());
          return;
        }
        log.warn(
            "bulk request of {} documents failed, retrying: {}", pending.size(), e.getMessage());
        continue;
      }
      pending = itemsToRetry(pending, answer);
    }
  }

  /** Marks what was taken; counts and logs what was refused for good; returns what to send again. */
  private List<Item> itemsToRetry(List<Item> sent, JsonNode answer) {
    JsonNode results = answer.path("items");
    List<Item> retry = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      Item item = sent.get(i);
      JsonNode result = results.path(i).path("index");
      int status = result.path("status").asInt(500);
      String type = result.path("error").path("type").asText("unknown");
      if (status >= 200 && status < 300) {
        written.add(item.index());
        indexed.incrementAndGet();
      } else if (OpenSearchHttp.retryable(status) || type.equals(INDEX_BLOCKED)) {
        lastFailure = status + " " + result.path("error").path("reason").asText("");
        countFailure(type, true);
        retry.add(item);
      } else {
        countFailure(type, false);
        long count = rejected.incrementAndGet();
        String reason = result.path("error").toString();
        lastFailure = status + " " + reason;
        if (count <= 100 || count % 1000 == 0) {
          log.error(
              "OpenSearch refused a document of {} for good ({} so far): {} {}",
              item.index(),
              count,
              status,
              reason);
        }
      }
    }
    return retry;
  }

  private void countFailure(String type, boolean retried) {
    String reason =
        itemFailures.size() < MAX_FAILURE_REASONS
                || itemFailures.containsKey(new OpenSearchWriteStats.ItemFailure(type, retried))
            ? type
            : "other";
    itemFailures
        .computeIfAbsent(
            new OpenSearchWriteStats.ItemFailure(reason, retried), key -> new AtomicLong())
        .incrementAndGet();
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("the OpenSearch writer is closed", false);
    }
  }

  /** Flushes (bounded) and stops the senders. */
  @Override
  public void close() {
    try {
      flush(Duration.ofSeconds(30));
    } finally {
      closed = true;
      ticker.shutdownNow();
      senders.shutdown();
      try {
        if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
          senders.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
