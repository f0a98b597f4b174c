package io.tracemate.storage.lucene;

import io.tracemate.common.Cancellation;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;

/**
 * A consistent view of every live partition for one read: a searcher per partition, taken together and
 * held until {@link #close()}, so retention or a refresh during the read changes nothing it sees.
 * One thread at a time.
 */
final class ReadSnapshot implements Closeable {
  private final List<Partition> partitions;
  private final List<IndexSearcher> searchers;
  private final MultiReader reader;
  private final IndexSearcher searcher;
  private final Partition[] partitionOfLeaf;

  private ReadSnapshot(
      List<Partition> partitions, List<IndexSearcher> searchers, Cancellation cancellation)
      throws IOException {
    this.partitions = partitions;
    this.searchers = searchers;
    IndexReader[] readers = new IndexReader[searchers.size()];
    int leafCount = 0;
    for (int i = 0; i < readers.length; i++) {
      readers[i] = searchers.get(i).getIndexReader();
      leafCount += readers[i].leaves().size();
    }
    this.reader = new MultiReader(readers, false);
    this.searcher = new IndexSearcher(reader);
    searcher.setTimeout(cancellation::isCancelled);
    this.partitionOfLeaf = new Partition[leafCount];
    int leaf = 0;
    for (int i = 0; i < readers.length; i++) {
      for (int j = 0; j < readers[i].leaves().size(); j++) {
        partitionOfLeaf[leaf++] = partitions.get(i);
      }
    }
  }

  /** Acquires every live partition of {@code storage}, newest first. */
  static ReadSnapshot open(LuceneStorage storage) throws IOException {
    return open(storage, Cancellation.none());
  }

  /** Acquires every live partition; searches on {@link #searcher()} stop collecting once the read is cancelled. */
  static ReadSnapshot open(LuceneStorage storage, Cancellation cancellation) throws IOException {
    List<Partition> partitions = storage.acquireAll();
    List<IndexSearcher> searchers = new ArrayList<>(partitions.size());
    try {
      for (Partition partition : partitions) {
        searchers.add(partition.acquireSearcher());
      }
      return new ReadSnapshot(partitions, searchers, cancellation);
    } catch (IOException | RuntimeException e) {
      for (int i = 0; i < searchers.size(); i++) {
        partitions.get(i).releaseSearcher(searchers.get(i));
      }
      LuceneStorage.releaseAll(partitions);
      throw e;
    }
  }

  IndexSearcher searcher() {
    return searcher;
  }

  List<LeafReaderContext> leaves() {
    return reader.leaves();
  }

  /** The partition a leaf of {@link #searcher()} belongs to (its origin dictionary decodes the leaf's spans). */
  Partition partitionOf(LeafReaderContext leaf) {
    return partitionOfLeaf[leaf.ord];
  }

  /** The partitions of this view, newest first, each with the leaves of {@link #searcher()} it holds. */
  List<Partition> partitions() {
    return partitions;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      for (int i = 0; i < partitions.size(); i++) {
        try {
          partitions.get(i).releaseSearcher(searchers.get(i));
        } finally {
          partitions.get(i).release();
        }
      }
    }
  }
}
