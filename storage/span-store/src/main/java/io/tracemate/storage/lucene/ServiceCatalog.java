package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.storage.Operation;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The services and operations of one partition, per tenant, in memory so the search UI's lists never touch the
 * index. Seeded from the operation terms when the partition opens ({@link IndexFields#OPERATION} for
 * {@link TenantId#DEFAULT}, {@link IndexFields#TENANT_OPERATION} for every other tenant) and updated on every
 * write, so it also covers spans not yet searchable. Dropped with its partition, and a tenant's part with that
 * tenant's spans, so retention also retires names.
 * Thread-safe.
 */
final class ServiceCatalog {
  private final ConcurrentHashMap<TenantId, ConcurrentHashMap<String, Set<Operation>>> byTenant =
      new ConcurrentHashMap<>();

  /** Adds the operations of one tenant's spans; the tenant is looked up once per batch. */
  void addAll(TenantId tenant, List<Span> spans) {
    ConcurrentHashMap<String, Set<Operation>> services = servicesOf(tenant);
    for (Span span : spans) {
      add(services, span.serviceName(), span.name(), span.kind());
    }
  }

  void add(TenantId tenant, String service, String name, SpanKind kind) {
    add(servicesOf(tenant), service, name, kind);
  }

  private ConcurrentHashMap<String, Set<Operation>> servicesOf(TenantId tenant) {
    ConcurrentHashMap<String, Set<Operation>> services = byTenant.get(tenant);
    return services != null
        ? services
        : byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
  }

  private static void add(
      ConcurrentHashMap<String, Set<Operation>> services,
      String service,
      String name,
      SpanKind kind) {
    Set<Operation> operations = services.get(service);
    if (operations == null) {
      operations = services.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet());
    }
    Operation operation = new Operation(name, kind);
    if (!operations.contains(operation)) {
      operations.add(operation);
    }
  }

  /** Adds the services of the scope's tenants to {@code out}. */
  void addServices(TenantScope scope, Collection<String> out) {
    for (TenantId tenant : scope.asSet()) {
      Map<String, Set<Operation>> services = byTenant.get(tenant);
      if (services != null) {
        out.addAll(services.keySet());
      }
    }
  }

  /** Adds the operations of {@code service} among the scope's tenants to {@code out}. */
  void addOperations(TenantScope scope, String service, Collection<Operation> out) {
    for (TenantId tenant : scope.asSet()) {
      Map<String, Set<Operation>> services = byTenant.get(tenant);
      Set<Operation> operations = services == null ? null : services.get(service);
      if (operations != null) {
        out.addAll(operations);
      }
    }
  }

  /** The tenants with spans here (retention looks for the tenants whose cutoff the partition is past). */
  Set<TenantId> tenants() {
    return Set.copyOf(byTenant.keySet());
  }

  /** Forgets a tenant whose spans retention deleted from the partition. */
  void remove(TenantId tenant) {
    byTenant.remove(tenant);
  }

  /**
   * Rebuilds the catalog from the operation terms of live spans: a term whose every span retention deleted stays
   * in its segment until a merge rewrites it, and must not bring the operation back.
   */
  void load(IndexReader reader) throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) {
      Bits liveDocs = leaf.reader().getLiveDocs();
      Terms terms = leaf.reader().terms(IndexFields.OPERATION);
      if (terms != null) {
        TermsEnum termsEnum = terms.iterator();
        for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
          if (!hasLiveDoc(termsEnum, liveDocs)) {
            continue;
          }
          IndexFields.OperationKey key = IndexFields.parseOperationTerm(term);
          if (key != null) {
            add(TenantId.DEFAULT, key.service(), key.name(), key.kind());
          }
        }
      }
      Terms tenantTerms = leaf.reader().terms(IndexFields.TENANT_OPERATION);
      if (tenantTerms != null) {
        TermsEnum termsEnum = tenantTerms.iterator();
        for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
          if (!hasLiveDoc(termsEnum, liveDocs)) {
            continue;
          }
          IndexFields.TenantOperationKey key = IndexFields.parseTenantOperationTerm(term);
          if (key != null) {
            IndexFields.OperationKey operation = key.operation();
            add(key.tenant(), operation.service(), operation.name(), operation.kind());
          }
        }
      }
    }
  }

  /** Whether a document of the term the enum is on is live ({@code liveDocs} null: the segment has no deletes). */
  private static boolean hasLiveDoc(TermsEnum termsEnum, Bits liveDocs) throws IOException {
    if (liveDocs == null) {
      return true;
    }
    PostingsEnum postings = termsEnum.postings(null, PostingsEnum.NONE);
    for (int doc = postings.nextDoc();
        doc != DocIdSetIterator.NO_MORE_DOCS;
        doc = postings.nextDoc()) {
      if (liveDocs.get(doc)) {
        return true;
      }
    }
    return false;
  }
}
