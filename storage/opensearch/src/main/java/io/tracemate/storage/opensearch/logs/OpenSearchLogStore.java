package io.tracemate.storage.opensearch.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogStorageException;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.LogStoreStats;
import io.tracemate.logs.LogWriter;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.opensearch.BulkIndexer;
import io.tracemate.storage.opensearch.OpenSearchHttp;
import io.tracemate.storage.opensearch.OpenSearchStorageConfig;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log store on OpenSearch: one document per entry in daily indices {@code [<prefix>-]tracemate-logs-YYYY-MM-DD},
 * a tenant field filtered in every query, bulk writes through the span backend's {@link BulkIndexer}, idempotent
 * document IDs, retention by Tracemate ({@link LogRetention}). See the package documentation for the layout and why.
 *
 * <p>Thread-safe as {@link LogStore} asks. {@link #close()} flushes what was written (bounded) and closes the
 * connections.
 */
public final class OpenSearchLogStore implements LogStore {
  private static final Logger log = LoggerFactory.getLogger(OpenSearchLogStore.class);

  private final OpenSearchHttp http;
  private final LogIndexLayout layout;
  private final BulkIndexer indexer;
  private final OpenSearchLogWriter writer;
  private final OpenSearchLogReader reader;
  private final LogQueries queries;
  private final LogRetention retention;
  private volatile boolean templateInstalled;

  private OpenSearchLogStore(OpenSearchStorageConfig config, Path dataDir) {
    http = new OpenSearchHttp(config);
    try {
      layout = new LogIndexLayout(config.indexPrefix(), config.shards(), config.replicas());
      indexer = new BulkIndexer(http, config.bulk());
      queries = new LogQueries(http);
      writer =
          new OpenSearchLogWriter(
              layout,
              indexer,
              config.requestTimeout().multipliedBy(2),
              this::ensureTemplate,
              new SequenceFile(dataDir));
      reader = new OpenSearchLogReader(layout, queries);
      retention = new LogRetention(http, layout);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /**
   * Connects and installs the index template. An unreachable cluster does not stop the open: the template is
   * installed before the first write instead (writes fail, retryably, until then), so a server starts and says on
   * /ready what is wrong.
   *
   * @param dataDir a local directory of this process (beside its write-ahead log) for the persisted sequence
   */
  public static OpenSearchLogStore open(OpenSearchStorageConfig config, Path dataDir) {
    OpenSearchLogStore store = new OpenSearchLogStore(config, dataDir);
    try {
      store.ensureTemplate();
    } catch (StorageException e) {
      if (!e.retryable()) {
        store.close();
        throw new LogStorageException(e.getMessage(), false, e);
      }
      log.warn(
          "OpenSearch is not reachable yet; the log index template is installed before the first write: {}",
          e.getMessage());
    }
    return store;
  }

  private void ensureTemplate() {
    if (templateInstalled) {
      return;
    }
    synchronized (this) {
      if (!templateInstalled) {
        http.json("PUT", "/_index_template/" + layout.templateName(), null, layout.template());
        templateInstalled = true;
      }
    }
  }

  @Override
  public LogWriter writer() {
    return writer;
  }

  @Override
  public LogReader reader() {
    return reader;
  }

  @Override
  public synchronized long enforceRetention(RetentionPolicy policy) {
    try {
      return retention.enforce(policy);
    } catch (StorageException e) {
      throw new LogStorageException("log retention failed: " + e.getMessage(), e.retryable(), e);
    }
  }

  /**
   * Streams (approximate above 40,000: a cardinality aggregation), entries and line bytes of every tenant (exact),
   * bytes of every copy of the log indices, and days held. OpenSearch has no chunks: that figure is 0. All zero
   * while the cluster does not answer (the gauges read it; /ready says what is wrong).
   */
  @Override
  public LogStoreStats stats() {
    try {
      return readStats();
    } catch (LogStorageException e) {
      log.debug("log store statistics unavailable: {}", e.getMessage());
      return new LogStoreStats(0, 0, 0, 0, 0, 0);
    }
  }

  private LogStoreStats readStats() {
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    ObjectNode aggs = body.putObject("aggs");
    aggs.putObject("streams")
        .putObject("cardinality")
        .put("field", LogDocuments.STREAM)
        .put("precision_threshold", 40_000);
    aggs.putObject("bytes").putObject("sum").put("field", LogDocuments.LINE_BYTES);
    JsonNode answer = queries.search(layout.pattern(), body);
    JsonNode sizes;
    try {
      sizes =
          http.json(
              "GET",
              "/" + layout.pattern() + "/_stats/store",
              Map.of("allow_no_indices", "true"),
              null);
    } catch (StorageException e) {
      throw new LogStorageException(e.getMessage(), e.retryable(), e);
    }
    int days = 0;
    for (Map.Entry<String, JsonNode> index : sizes.path("indices").properties()) {
      if (layout.dayOf(index.getKey()).isPresent()) {
        days++;
      }
    }
    return new LogStoreStats(
        answer.path("aggregations").path("streams").path("value").asLong(),
        0,
        answer.path("hits").path("total").path("value").asLong(),
        (long) answer.path("aggregations").path("bytes").path("value").asDouble(),
        sizes.path("_all").path("total").path("store").path("size_in_bytes").asLong(),
        days);
  }

  /** Whether the cluster answers (for /ready). */
  public boolean reachable() {
    return http.reachable();
  }

  /** Log documents OpenSearch refused as malformed (never retried). */
  public long rejectedDocuments() {
    return indexer.rejectedDocuments();
  }

  /** Log documents sent again after a 429, a 5xx or no answer. */
  public long retriedDocuments() {
    return indexer.retriedDocuments();
  }

  /** The indices this store's template covers (for tests and operators). */
  public String indexPattern() {
    return layout.pattern();
  }

  @Override
  public void close() {
    try {
      writer.flush();
    } catch (RuntimeException e) {
      log.warn(
          "could not flush the OpenSearch log store at close (the WAL keeps what it lacks)", e);
    } finally {
      try {
        indexer.close();
      } catch (RuntimeException e) {
        log.warn("closing the OpenSearch log bulk indexer", e);
      } finally {
        http.close();
      }
    }
  }
}
