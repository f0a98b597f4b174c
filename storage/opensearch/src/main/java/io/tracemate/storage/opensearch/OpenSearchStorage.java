package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.common.CachedSupplier;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.StorageBackend;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.StorageStats;
import io.tracemate.storage.TraceReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The span store on OpenSearch: daily Jaeger-named indices, a tenant field on every document with the filter in
 * every query, bulk writes through {@link BulkIndexer}, retention by Tracemate ({@link Retention}). See the package
 * documentation for the layout and why.
 *
 * <p>Thread-safe. {@link #close()} flushes what was written (bounded) and closes the connections.
 */
public final class OpenSearchStorage implements StorageBackend {
  private static final Logger log = LoggerFactory.getLogger(OpenSearchStorage.class);

  private final OpenSearchHttp http;
  private final IndexLayout layout;
  private final BulkIndexer indexer;
  private final OpenSearchSpanWriter writer;
  private final OpenSearchTraceReader reader;
  private final OpenSearchDependencyReader dependencies;
  private final Retention retention;
  private final CachedSupplier<StorageStats> stats;
  private volatile boolean templatesInstalled;

  private OpenSearchStorage(OpenSearchStorageConfig config) {
    http = new OpenSearchHttp(config);
    layout = new IndexLayout(config.indexPrefix(), config.shards(), config.replicas());
    indexer = new BulkIndexer(http, config.bulk());
    // the templates go in before the first write if the open could not install them
    writer =
        new OpenSearchSpanWriter(
            layout, indexer, config.requestTimeout().multipliedBy(2), this::ensureTemplates);
    reader = new OpenSearchTraceReader(http, layout);
    dependencies = new OpenSearchDependencyReader(http, layout, config.maxDependencySpans());
    retention = new Retention(http, layout);
    stats = CachedSupplier.of(this::readStats, Duration.ofSeconds(10));
  }

  /**
   * Connects and installs the index templates. An unreachable cluster does not stop the open: the templates are
   * installed before the first write instead (and writes fail, retryably, until then), so a server starts and says
   * on /ready what is wrong.
   */
  public static OpenSearchStorage open(OpenSearchStorageConfig config) {
    OpenSearchStorage storage = new OpenSearchStorage(config);
    try {
      storage.ensureTemplates();
    } catch (StorageException e) {
      if (!e.retryable()) {
        storage.close();
        throw e;
      }
      log.warn(
          "OpenSearch is not reachable yet; index templates are installed before the first write: {}",
          e.getMessage());
    }
    return storage;
  }

  private void ensureTemplates() {
    if (templatesInstalled) {
      return;
    }
    synchronized (this) {
      if (templatesInstalled) {
        return;
      }
      http.json(
          "PUT", "/_index_template/" + layout.spanTemplateName(), null, layout.spanTemplate());
      http.json(
          "PUT",
          "/_index_template/" + layout.serviceTemplateName(),
          null,
          layout.serviceTemplate());
      templatesInstalled = true;
    }
  }

  @Override
  public SpanWriter spanWriter() {
    return writer;
  }

  @Override
  public TraceReader traceReader() {
    return reader;
  }

  @Override
  public DependencyReader dependencyReader() {
    return dependencies;
  }

  @Override
  public synchronized int enforceRetention(RetentionPolicy policy) {
    writer.retentionApplied(policy);
    return retention.enforce(policy);
  }

  /** Bytes of every copy of the span and service indices, span documents, days held; read at most every 10 s. */
  @Override
  public StorageStats stats() {
    return stats.get();
  }

  private StorageStats readStats() {
    try {
      JsonNode answer =
          http.json(
              "GET",
              "/" + layout.spanPattern() + "," + layout.servicePattern() + "/_stats/docs,store",
              null,
              null);
      long bytes = answer.path("_all").path("total").path("store").path("size_in_bytes").asLong();
      long spans = 0;
      java.util.Set<java.time.LocalDate> days = new java.util.HashSet<>();
      for (Map.Entry<String, JsonNode> index : answer.path("indices").properties()) {
        if (index.getKey().startsWith(layout.spanPattern().replace("*", ""))) {
          spans += index.getValue().path("primaries").path("docs").path("count").asLong();
        }
        layout.dayOf(index.getKey()).ifPresent(days::add);
      }
      return new StorageStats(bytes, spans, days.size());
    } catch (StorageException e) {
      return new StorageStats(0, 0, 0);
    }
  }

  /** Whether the cluster answers (for /ready). */
  public boolean reachable() {
    return http.reachable();
  }

  /** Documents OpenSearch refused as malformed (never retried). */
  public long rejectedDocuments() {
    return indexer.rejectedDocuments();
  }

  /** Documents sent again after a 429, a 5xx or no answer. */
  public long retriedDocuments() {
    return indexer.retriedDocuments();
  }

  /** What the bulk writer sent, had taken, retried and dropped, and what waits: for /metrics. */
  public OpenSearchWriteStats writeStats() {
    return indexer.stats();
  }

  /** Spans discarded because retention had passed their day before they arrived. */
  public long discardedSpans() {
    return writer.discardedSpans();
  }

  /** The indices this store's templates cover (for tests and operators). */
  public List<String> indexPatterns() {
    return List.of(layout.spanPattern(), layout.servicePattern());
  }

  @Override
  public void close() {
    try {
      indexer.close();
    } finally {
      http.close();
    }
  }
}
