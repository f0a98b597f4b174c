package io.tracemate.storage.lucene;

import io.tracemate.model.Attribute;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * One partition's numbering of the distinct (resource, scope) pairs its spans came from. Spans of one
 * service instance share a resource of often a dozen attributes; storing it once per partition instead of
 * once per span is the largest single saving of the record format.
 *
 * <p>Entries are stored as documents of the partition's own index, added before the first span that refers
 * to them, so a commit that holds a span always holds its origin. Numbers are dense from 0 and only grow.
 * Thread-safe: lookups are lock-free, additions serialize on one lock.
 */
final class OriginDictionary {
  private static final String DICTIONARY_VALUE = "origin";

  /** Where spans came from: the resource and the instrumentation scope. */
  record Origin(Resource resource, InstrumentationScope scope) {}

  /**
   * A numbered origin, its term (see {@link IndexFields#ORIGIN_TERM}) and the tag terms its spans match
   * through it: resource attributes, otel.scope.name and otel.scope.version.
   */
  record Entry(int id, Origin origin, BytesRef term, Set<BytesRef> tagTerms) {}

  private final long partitionStartSeconds;
  private final ConcurrentHashMap<Origin, Entry> byOrigin = new ConcurrentHashMap<>();
  private volatile AtomicReferenceArray<Entry> byId = new AtomicReferenceArray<>(16);
  private final Object appendLock = new Object();
  private int nextId;

  OriginDictionary(long partitionStartSeconds) {
    this.partitionStartSeconds = partitionStartSeconds;
  }

  /** The entry of this origin, adding it to the index through {@code writer} when it is new. */
  Entry entryFor(Resource resource, InstrumentationScope scope, IndexWriter writer)
      throws IOException {
    Origin origin = new Origin(resource, scope);
    Entry entry = byOrigin.get(origin);
    if (entry != null) {
      return entry;
    }
    synchronized (appendLock) {
      entry = byOrigin.get(origin);
      if (entry == null) {
        entry = entry(nextId, origin);
        writer.addDocument(document(entry));
        register(entry);
      }
      return entry;
    }
  }

  /**
   * @throws IOException when no origin has this number, which means the index is corrupt
   */
  Origin origin(int id) throws IOException {
    Entry entry = entry(id);
    if (entry == null) {
      throw new IOException("corrupt span record: unknown origin " + id);
    }
    return entry.origin();
  }

  /** The entry numbered {@code id}, or null. */
  Entry entry(int id) {
    AtomicReferenceArray<Entry> entries = byId;
    return id >= 0 && id < entries.length() ? entries.get(id) : null;
  }

  /** Every entry; those added meanwhile may or may not be included. */
  List<Entry> entries() {
    AtomicReferenceArray<Entry> entries = byId;
    List<Entry> all = new ArrayList<>(entries.length());
    for (int i = 0; i < entries.length(); i++) {
      Entry entry = entries.get(i);
      if (entry != null) {
        all.add(entry);
      }
    }
    return all;
  }

  int size() {
    return byOrigin.size();
  }

  /** Reads every entry stored in the index behind {@code searcher}; called once, before any write. */
  void load(IndexSearcher searcher) throws IOException {
    Weight weight =
        searcher.createWeight(
            searcher.rewrite(new TermQuery(new Term(IndexFields.DICTIONARY, DICTIONARY_VALUE))),
            ScoreMode.COMPLETE_NO_SCORES,
            1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      StoredFields storedFields = leaf.reader().storedFields();
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        BytesRef bytes = storedFields.document(doc).getBinaryValue(IndexFields.ORIGIN);
        if (bytes == null) {
          throw new IOException(
              "corrupt origin dictionary: entry without data in " + leaf.reader());
        }
        Entry entry = decode(bytes);
        synchronized (appendLock) {
          if (!byOrigin.containsKey(entry.origin())) {
            register(entry);
          }
        }
      }
    }
  }

  private void register(Entry entry) {
    AtomicReferenceArray<Entry> entries = byId;
    if (entry.id() >= entries.length()) {
      AtomicReferenceArray<Entry> grown =
          new AtomicReferenceArray<>(Math.max(entry.id() + 1, entries.length() * 2));
      for (int i = 0; i < entries.length(); i++) {
        grown.set(i, entries.get(i));
      }
      entries = grown;
    }
    entries.set(entry.id(), entry);
    byId = entries;
    byOrigin.put(entry.origin(), entry);
    nextId = Math.max(nextId, entry.id() + 1);
  }

  private static Document document(Entry entry) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    out.writeVInt(entry.id());
    Resource resource = entry.origin().resource();
    AttributeEncoding.writeAttributes(out, resource.attributes());
    out.writeVInt(resource.droppedAttributesCount());
    InstrumentationScope scope = entry.origin().scope();
    AttributeEncoding.writeString(out, scope.name());
    AttributeEncoding.writeString(out, scope.version());
    AttributeEncoding.writeAttributes(out, scope.attributes());
    out.writeVInt(scope.droppedAttributesCount());
    Document document = new Document();
    document.add(new Field(IndexFields.DICTIONARY, DICTIONARY_VALUE, IndexFields.KEYWORD));
    document.add(new StoredField(IndexFields.ORIGIN, out.toArrayCopy()));
    return document;
  }

  private Entry decode(BytesRef bytes) throws IOException {
    ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
    int id = in.readVInt();
    Resource resource = new Resource(AttributeEncoding.readAttributes(in), in.readVInt());
    String name = in.readString();
    String version = in.readString();
    InstrumentationScope scope =
        new InstrumentationScope(
            name, version, AttributeEncoding.readAttributes(in), in.readVInt());
    return entry(id, new Origin(resource, scope));
  }

  private Entry entry(int id, Origin origin) {
    return new Entry(
        id, origin, IndexFields.originTerm(partitionStartSeconds, id), tagTerms(origin));
  }

  private static Set<BytesRef> tagTerms(Origin origin) {
    Set<BytesRef> terms = new HashSet<>();
    for (Attribute attribute : origin.resource().attributes()) {
      terms.add(IndexFields.tagTerm(attribute.key(), attribute.value().asText()));
    }
    if (!origin.scope().name().isEmpty()) {
      terms.add(IndexFields.tagTerm("otel.scope.name", origin.scope().name()));
    }
    if (!origin.scope().version().isEmpty()) {
      terms.add(IndexFields.tagTerm("otel.scope.version", origin.scope().version()));
    }
    return Set.copyOf(terms);
  }
}
