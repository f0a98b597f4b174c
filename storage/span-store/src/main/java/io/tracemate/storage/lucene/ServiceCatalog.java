package io.tracemate.storage.lucene;

import io.tracemate.model.SpanKind;
import io.tracemate.storage.Operation;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The services and operations of one partition, in memory so the search UI's lists never touch the index.
 * Seeded from the operation terms when the partition opens and updated on every write, so it also covers
 * spans not yet searchable. Dropped with its partition, so retention also retires names. Thread-safe.
 */
final class ServiceCatalog {
  private final ConcurrentHashMap<String, Set<Operation>> operationsByService =
      new ConcurrentHashMap<>();

  void add(String service, String name, SpanKind kind) {
    Set<Operation> operations = operationsByService.get(service);
    if (operations == null) {
      operations = operationsByService.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet());
    }
    Operation operation = new Operation(name, kind);
    if (!operations.contains(operation)) {
      operations.add(operation);
    }
  }

  Collection<String> services() {
    return operationsByService.keySet();
  }

  Collection<Operation> operations(String service) {
    Set<Operation> operations = operationsByService.get(service);
    return operations == null ? Set.of() : operations;
  }

  void load(IndexReader reader) throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) {
      Terms terms = leaf.reader().terms(IndexFields.OPERATION);
      if (terms == null) {
        continue;
      }
      TermsEnum termsEnum = terms.iterator();
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        IndexFields.OperationKey key = IndexFields.parseOperationTerm(term);
        if (key != null) {
          add(key.service(), key.name(), key.kind());
        }
      }
    }
  }
}
