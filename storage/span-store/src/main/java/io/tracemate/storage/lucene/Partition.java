package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One time partition: a Lucene index of the spans of traces first seen in {@code [start, end)}, with its own
 * origin dictionary and service catalog.
 *
 * <p>Reference counted: the store holds one reference while the partition is live, and every write, search
 * or refresh takes one for its duration ({@link #tryAcquire()} / {@link #release()}). Retention removes the
 * partition from the live set and drops the store's reference; the files are closed and deleted when the
 * last user lets go, so queries in flight finish on the data they started with. Thread-safe.
 */
final class Partition {
  private static final Logger LOG = LoggerFactory.getLogger(Partition.class);
  private static final String START_KEY = "tracemate.partition.startEpochSeconds";
  private static final String DURATION_KEY = "tracemate.partition.durationSeconds";
  static final String DELETED_SUFFIX = ".deleted";

  private final Path path;
  private final long startSeconds;
  private final long endSeconds;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final OriginDictionary origins;
  private final ServiceCatalog catalog = new ServiceCatalog();
  private final AtomicInteger references = new AtomicInteger(1);
  private final DiskRoom room;
  private volatile boolean dropped;

  private Partition(
      Path path,
      long startSeconds,
      long endSeconds,
      Directory directory,
      IndexWriter writer,
      SearcherManager searchers)
      throws IOException {
    this.path = path;
    this.startSeconds = startSeconds;
    this.endSeconds = endSeconds;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.origins = new OriginDictionary(startSeconds);
    this.room = new DiskRoom(path, writer::ramBytesUsed);
  }

  /**
   * Opens the partition stored at {@code path}, creating it when absent. An existing partition keeps the
   * duration it was created with, whatever {@code durationSeconds} says now.
   */
  static Partition open(Path path, long startSeconds, long durationSeconds, double ramBufferSizeMb)
      throws IOException {
    Files.createDirectories(path);
    Directory directory = FSDirectory.open(path);
    IndexWriter writer = null;
    SearcherManager searchers = null;
    try {
      boolean existed = DirectoryReader.indexExists(directory);
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_COMPRESSION))
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setRAMBufferSizeMB(ramBufferSizeMb)
              .setCommitOnClose(true);
      writer = new IndexWriter(directory, config);
      long duration = durationSeconds;
      if (existed) {
        for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
          if (entry.getKey().equals(DURATION_KEY)) {
            duration = Long.parseLong(entry.getValue());
          }
        }
      } else {
        writer.setLiveCommitData(
            Map.of(
                    START_KEY,
                    Long.toString(startSeconds),
                    DURATION_KEY,
                    Long.toString(durationSeconds))
                .entrySet());
        writer.commit();
      }
      searchers = new SearcherManager(writer, null);
      Partition partition =
          new Partition(path, startSeconds, startSeconds + duration, directory, writer, searchers);
      IndexSearcher searcher = searchers.acquire();
      try {
        partition.origins.load(searcher);
        partition.catalog.load(searcher.getIndexReader());
      } finally {
        searchers.release(searcher);
      }
      return partition;
    } catch (IOException | RuntimeException e) {
      closeQuietly(searchers, writer, directory);
      throw e;
    }
  }

  long startSeconds() {
    return startSeconds;
  }

  long endSeconds() {
    return endSeconds;
  }

  boolean contains(long epochSeconds) {
    return epochSeconds >= startSeconds && epochSeconds < endSeconds;
  }

  ServiceCatalog catalog() {
    return catalog;
  }

  OriginDictionary origins() {
    return origins;
  }

  /** Takes a reference; false when the partition is already closed or being closed. */
  boolean tryAcquire() {
    while (true) {
      int count = references.get();
      if (count <= 0) {
        return false;
      }
      if (references.compareAndSet(count, count + 1)) {
        return true;
      }
    }
  }

  /** Gives a reference back; the last one closes the partition (and deletes it when dropped). */
  void release() {
    if (references.decrementAndGet() == 0) {
      closeNow();
    }
  }

  /** Marks the files for deletion once the last reference is released. */
  void markDropped() {
    dropped = true;
  }

  /**
   * Indexes one tenant's spans (all routed here) as one block; the caller holds a reference. Lucene takes the
   * documents one at a time, each made as it asks for it: a batch's documents are never all on the heap at once,
   * and one set of buffers serves them all.
   */
  void add(TenantId tenant, List<Span> spans, DocumentScratch scratch) throws IOException {
    OriginDictionary.Entry[] originOf = new OriginDictionary.Entry[spans.size()];
    Resource lastResource = null;
    InstrumentationScope lastScope = null;
    OriginDictionary.Entry origin = null;
    for (int i = 0; i < originOf.length; i++) {
      Span span = spans.get(i);
      // Decoders share one resource and scope object across a batch, so identity usually suffices.
      if (span.resource() != lastResource || span.scope() != lastScope) {
        origin = origins.entryFor(span.resource(), span.scope(), writer);
        lastResource = span.resource();
        lastScope = span.scope();
      }
      originOf[i] = origin;
    }
    room.require("indexing " + spans.size() + " spans"); // the buffer may flush while adding
    Iterable<Document> documents =
        () ->
            new Iterator<>() {
              private int next;

              @Override
              public boolean hasNext() {
                return next < originOf.length;
              }

              @Override
              public Document next() {
                if (next >= originOf.length) {
                  throw new NoSuchElementException();
                }
                int i = next++;
                try {
                  return SpanDocuments.document(tenant, spans.get(i), originOf[i], scratch);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            };
    try {
      writer.addDocuments(documents);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    catalog.addAll(tenant, spans);
  }

  /**
   * Deletes every span of these tenants (the spans of {@link TenantId#DEFAULT} are those without a tenant field;
   * the origin dictionary's documents have no start time and stay), forgets their services, reclaims the space by
   * rewriting the segments that held them, and commits. Returns how many spans went. The caller holds a reference.
   *
   * <p>The space comes back by merging the partition into one segment, which leaves the deleted spans out:
   * a partition past a tenant's cutoff has ended and gets only late spans, Lucene's read-only case, where no later
   * merge would ever reclaim them ({@code forceMergeDeletes} left segments with deletes behind under the default
   * merge policy). The work is one rewrite of the partition, bounded by its size, per retention cutoff that passes
   * it (a later run with the same cutoffs finds no expired tenant in the catalog and does nothing).
   */
  long deleteTenants(Collection<TenantId> tenants) throws IOException {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    List<BytesRef> named = new ArrayList<>();
    for (TenantId tenant : tenants) {
      if (!tenant.equals(TenantId.DEFAULT)) {
        named.add(IndexFields.tenantTerm(tenant));
      }
    }
    if (!named.isEmpty()) {
      any.add(new TermInSetQuery(IndexFields.TENANT, named), BooleanClause.Occur.SHOULD);
    }
    if (tenants.contains(TenantId.DEFAULT)) {
      any.add(
          new BooleanQuery.Builder()
              .add(new FieldExistsQuery(IndexFields.START), BooleanClause.Occur.FILTER)
              .add(new FieldExistsQuery(IndexFields.TENANT), BooleanClause.Occur.MUST_NOT)
              .build(),
          BooleanClause.Occur.SHOULD);
    }
    Query doomed = any.build();
    room.require("deleting expired tenants' spans");
    commitAndRefresh(); // so that the count sees every span written so far
    long count;
    IndexSearcher searcher = searchers.acquire();
    try {
      count = searcher.count(doomed);
    } finally {
      searchers.release(searcher);
    }
    writer.deleteDocuments(doomed);
    tenants.forEach(catalog::remove);
    writer.forceMerge(1);
    writer.commit();
    searchers.maybeRefreshBlocking();
    return count;
  }

  IndexSearcher acquireSearcher() throws IOException {
    return searchers.acquire();
  }

  void releaseSearcher(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  /** Whether a searchable span of this trace is here (spans written since the last refresh are not seen). */
  boolean hasTrace(TraceId traceId) throws IOException {
    BytesRef term = IndexFields.traceIdTerm(traceId);
    IndexSearcher searcher = searchers.acquire();
    try {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Terms terms = leaf.reader().terms(IndexFields.TRACE_ID);
        if (terms != null) {
          TermsEnum termsEnum = terms.iterator();
          if (termsEnum.seekExact(term)) {
            return true;
          }
        }
      }
      return false;
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * Makes what was written searchable; returns at once when another refresh is running, and skips it when the disk
   * has no room for the segment a refresh would write.
   *
   * @return false when another refresh was running or this one was skipped, so the latest writes may not be seen
   */
  boolean refresh() throws IOException {
    if (!room.enough()) {
      room.warnSkippedRefresh();
      return false;
    }
    return searchers.maybeRefresh();
  }

  /** Makes everything written so far durable and searchable. */
  void commitAndRefresh() throws IOException {
    room.require("a flush");
    if (writer.hasUncommittedChanges()) {
      writer.commit();
    }
    searchers.maybeRefreshBlocking();
  }

  long spanCount() {
    return Math.max(0, writer.getDocStats().numDocs - origins.size());
  }

  long bytesOnDisk() throws IOException {
    long bytes = 0;
    for (String file : directory.listAll()) {
      try {
        bytes += directory.fileLength(file);
      } catch (NoSuchFileException e) {
        // merged away between the listing and the look-up
      }
    }
    return bytes;
  }

  /** The writer's fatal error, when it has one: every later write fails with it. */
  Throwable tragedy() {
    return writer.getTragicException();
  }

  private void closeNow() {
    try {
      searchers.close();
      if (dropped) {
        writer.rollback();
      } else {
        writer.close();
      }
      directory.close();
    } catch (IOException | RuntimeException e) {
      LOG.error("Closing partition {} failed", path, e);
      closeQuietly(searchers, writer, directory);
    }
    if (dropped) {
      delete(path);
    }
  }

  /** Renames first so a crash half-way through deleting never leaves a half-deleted index to open. */
  static void delete(Path path) {
    try {
      Path doomed =
          path.getFileName().toString().endsWith(DELETED_SUFFIX)
              ? path
              : path.resolveSibling(path.getFileName() + DELETED_SUFFIX);
      if (!doomed.equals(path)) {
        Files.move(path, doomed);
      }
      try (Stream<Path> files = Files.walk(doomed)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not delete dropped partition {}; it is retried at the next start", path, e);
    }
  }

  private static void closeQuietly(AutoCloseable... closeables) {
    for (AutoCloseable closeable : closeables) {
      if (closeable == null) {
        continue;
      }
      try {
        if (closeable instanceof IndexWriter indexWriter) {
          indexWriter.rollback();
        } else {
          closeable.close();
        }
      } catch (Exception e) {
        LOG.debug("Ignoring failure while cleaning up", e);
      }
    }
  }

  @Override
  public String toString() {
    return "Partition[" + path + "]";
  }
}
