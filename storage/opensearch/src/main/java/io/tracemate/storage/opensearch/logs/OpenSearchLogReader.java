package io.tracemate.storage.opensearch.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.CancellableLogReader;
import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.LogStorageException;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.StreamStats;
import io.tracemate.logs.TraceEntry;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.storage.opensearch.OpenSearchHttp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * Reads log documents. Streams, their statistics and label values come from one composite aggregation over the
 * stream fingerprint (pages of {@value #BUCKETS} streams, each with one document's labels and the sum of its line
 * bytes); label names from one over the label-name keyword. Entries of a stream are read in (timestamp, sequence,
 * position) order with {@code search_after}, {@value #PAGE} at a time, so no read asks for an unbounded size, and
 * the query's cancellation is checked before every page. Line filters run here, on the lines of each page.
 *
 * <p>Thread-safe; cursors are not.
 */
final class OpenSearchLogReader implements CancellableLogReader {
  static final int PAGE = 1_000;
  static final int BUCKETS = 1_000;

  /** Most streams one read may select: beyond, the selector is too broad to answer from a cluster in one go. */
  static final int MAX_STREAMS = 500_000;

  private final LogIndexLayout layout;
  private final LogQueries queries;

  OpenSearchLogReader(LogIndexLayout layout, LogQueries queries) {
    this.layout = layout;
    this.queries = queries;
  }

  @Override
  public List<StreamRef> streams(LogSelection selection, Cancellation cancellation) {
    return streamStats(selection, cancellation).stream().map(StreamStats::stream).toList();
  }

  @Override
  public List<StreamStats> streamStats(LogSelection selection, Cancellation cancellation) {
    List<StreamStats> result = new ArrayList<>();
    if (selection.endNanos() <= selection.startNanos()) {
      cancellation.check();
      return result;
    }
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.set("query", LogQueries.selection(selection));
    ObjectNode composite =
        body.putObject("aggs").putObject("streams").putObject("composite").put("size", BUCKETS);
    composite
        .putArray("sources")
        .addObject()
        .putObject("stream")
        .putObject("terms")
        .put("field", LogDocuments.STREAM);
    ObjectNode sub = ((ObjectNode) body.path("aggs").path("streams")).putObject("aggs");
    ObjectNode first = sub.putObject("first").putObject("top_hits").put("size", 1);
    first
        .putObject("_source")
        .putArray("includes")
        .add(LogDocuments.TENANT)
        .add(LogDocuments.STREAM)
        .add(LogDocuments.LABELS);
    sub.putObject("bytes").putObject("sum").put("field", LogDocuments.LINE_BYTES);
    String indices = layout.indicesFor(selection.startNanos(), selection.endNanos());
    int seen = 0;
    while (true) {
      cancellation.check();
      JsonNode streams = queries.search(indices, body).path("aggregations").path("streams");
      for (JsonNode bucket : streams.path("buckets")) {
        if (++seen > MAX_STREAMS) {
          throw new LogStorageException(
              "more than "
                  + MAX_STREAMS
                  + " streams match "
                  + selection.matchers()
                  + "; narrow the selector or the time range",
              false,
              null);
        }
        JsonNode source = bucket.path("first").path("hits").path("hits").path(0).path("_source");
        StreamRef stream = LogDocuments.stream(source);
        if (selection.matches(stream.labels()) && selection.tenants().contains(stream.tenant())) {
          result.add(
              new StreamStats(
                  stream,
                  0,
                  bucket.path("doc_count").asLong(),
                  (long) bucket.path("bytes").path("value").asDouble()));
        }
      }
      JsonNode after = streams.path("after_key");
      if (after.isMissingNode() || streams.path("buckets").size() < BUCKETS) {
        return result;
      }
      composite.set("after", after);
    }
  }

  @Override
  public LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats,
      Cancellation cancellation) {
    cancellation.check();
    if (!selection.tenants().contains(stream.tenant())
        || selection.endNanos() <= selection.startNanos()) {
      return new EntryCursor(null, null, List.of(), stats, cancellation);
    }
    ObjectNode query = LogQueries.inScope(TenantScope.of(stream.tenant()));
    LogQueries.term(
        query, LogDocuments.STREAM, LogDocuments.fingerprint(stream.tenant(), stream.labels()));
    LogQueries.range(query, selection.startNanos(), selection.endNanos());
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.set("query", query);
    body.put("size", PAGE);
    body.put("track_total_hits", false);
    body.putObject("_source")
        .putArray("includes")
        .add(LogDocuments.TS)
        .add(LogDocuments.LINE)
        .add(LogDocuments.METADATA);
    sort(body, direction == Direction.FORWARD ? "asc" : "desc");
    List<String> needles = requiredSubstrings.stream().filter(s -> !s.isEmpty()).toList();
    return new EntryCursor(
        layout.indicesFor(selection.startNanos(), selection.endNanos()),
        body,
        needles,
        stats,
        cancellation);
  }

  @Override
  public List<String> labelNames(
      TenantScope tenants, long startNanos, long endNanos, Cancellation cancellation) {
    TreeSet<String> names = new TreeSet<>();
    if (endNanos <= startNanos) {
      cancellation.check();
      return List.of();
    }
    ObjectNode query = LogQueries.inScope(tenants);
    LogQueries.range(query, startNanos, endNanos);
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.set("query", query);
    ObjectNode composite =
        body.putObject("aggs").putObject("names").putObject("composite").put("size", BUCKETS);
    composite
        .putArray("sources")
        .addObject()
        .putObject("name")
        .putObject("terms")
        .put("field", LogDocuments.LABEL_NAME);
    String indices = layout.indicesFor(startNanos, endNanos);
    while (true) {
      cancellation.check();
      JsonNode aggregation = queries.search(indices, body).path("aggregations").path("names");
      for (JsonNode bucket : aggregation.path("buckets")) {
        names.add(bucket.path("key").path("name").asText());
        if (names.size() > MAX_STREAMS) {
          throw new LogStorageException(
              "more than " + MAX_STREAMS + " label names; narrow the time range", false, null);
        }
      }
      JsonNode after = aggregation.path("after_key");
      if (after.isMissingNode() || aggregation.path("buckets").size() < BUCKETS) {
        return List.copyOf(names);
      }
      composite.set("after", after);
    }
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name, Cancellation cancellation) {
    List<LabelMatcher> matchers = new ArrayList<>(selection.matchers());
    matchers.add(LabelMatcher.of(name, LabelMatcher.Type.NEQ, ""));
    TreeSet<String> values = new TreeSet<>();
    for (StreamRef stream : streams(selection.withMatchers(matchers), cancellation)) {
      values.add(stream.labels().get(name));
    }
    return List.copyOf(values);
  }

  @Override
  public IndexStats indexStats(LogSelection selection, Cancellation cancellation) {
    long streams = 0;
    long entries = 0;
    long bytes = 0;
    for (StreamStats stream : streamStats(selection, cancellation)) {
      streams++;
      entries += stream.entries();
      bytes += stream.bytes();
    }
    return new IndexStats(streams, 0, entries, bytes);
  }

  @Override
  public List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats,
      Cancellation cancellation) {
    List<TraceEntry> found = new ArrayList<>();
    if (limit <= 0 || endNanos <= startNanos) {
      cancellation.check();
      return found;
    }
    ObjectNode query = LogQueries.inScope(tenants);
    LogQueries.term(query, LogDocuments.TRACE_ID, traceId.toLowerCase(Locale.ROOT));
    if (spanId != null) {
      LogQueries.term(query, LogDocuments.SPAN_ID, spanId.toLowerCase(Locale.ROOT));
    }
    LogQueries.range(query, startNanos, endNanos);
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.set("query", query);
    body.put("track_total_hits", false);
    sort(body, "asc");
    String indices = layout.indicesFor(startNanos, endNanos);
    while (found.size() < limit) {
      cancellation.check();
      int page = Math.min(PAGE, limit - found.size());
      body.put("size", page);
      JsonNode hits = queries.search(indices, body).path("hits").path("hits");
      long bytes = 0;
      for (JsonNode hit : hits) {
        JsonNode source = hit.path("_source");
        LogEntry entry = LogDocuments.entry(source);
        bytes += entry.lineBytes();
        found.add(new TraceEntry(LogDocuments.stream(source), entry));
      }
      stats.addLines(hits.size(), bytes);
      if (hits.size() < page) {
        break;
      }
      body.set("search_after", hits.path(hits.size() - 1).path("sort"));
    }
    return found;
  }

  /** Timestamp, then arrival: the WAL sequence of the write, then the entry's place in it. */
  private static void sort(ObjectNode body, String order) {
    ArrayNode sort = body.putArray("sort");
    sort.addObject().putObject(LogDocuments.TS).put("order", order);
    sort.addObject().putObject(LogDocuments.SEQ).put("order", order);
    sort.addObject().putObject(LogDocuments.POS).put("order", order);
  }

  /** Pages through one stream's entries with {@code search_after}; keeps those holding every needle. */
  private final class EntryCursor implements LogCursor {
    private final String indices;
    private final ObjectNode body;
    private final List<String> needles;
    private final ScanStats stats;
    private final Cancellation cancellation;
    private final ArrayDeque<LogEntry> page = new ArrayDeque<>();
    private boolean exhausted;

    EntryCursor(
        String indices,
        ObjectNode body,
        List<String> needles,
        ScanStats stats,
        Cancellation cancellation) {
      this.indices = indices;
      this.body = body;
      this.needles = needles;
      this.stats = stats;
      this.cancellation = cancellation;
      this.exhausted = body == null;
    }

    @Override
    public boolean hasNext() {
      while (page.isEmpty() && !exhausted) {
        fetch();
      }
      return !page.isEmpty();
    }

    @Override
    public LogEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.poll();
    }

    private void fetch() {
      cancellation.check();
      JsonNode hits = queries.search(indices, body).path("hits").path("hits");
      long bytes = 0;
      for (JsonNode hit : hits) {
        LogEntry entry = LogDocuments.entry(hit.path("_source"));
        bytes += entry.lineBytes();
        if (containsAll(entry.line())) {
          page.add(entry);
        }
      }
      stats.addLines(hits.size(), bytes);
      if (hits.size() < PAGE) {
        exhausted = true;
      } else {
        body.set("search_after", hits.path(hits.size() - 1).path("sort"));
      }
    }

    private boolean containsAll(String line) {
      for (String needle : needles) {
        if (!line.contains(needle)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() {
      page.clear();
      exhausted = true;
    }
  }
}
