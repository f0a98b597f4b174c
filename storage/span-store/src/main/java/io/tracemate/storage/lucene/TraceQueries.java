package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Translates a {@link TraceQuery} into one Lucene query over span documents, and builds the tenant filter that
 * {@link ReadSnapshot} adds to every query a read runs ({@link #tenantFilter}): every criterion is a FILTER
 * clause, so all must hold on the same span. Terms drive the search; the time and duration filters run on
 * doc values, the time filter skipping whole blocks through the skip index. A tag matches a span's own
 * term or, for resource and scope tags, the terms of the origins that carry it. Stateless.
 */
final class TraceQueries {
  private TraceQueries() {}

  /**
   * Spans matching every criterion of {@code query}, with the start time restricted to
   * {@code [startMinNanos, startMaxNanos]} instead of the query's own window.
   *
   * @param scope the tenants searched, whose operation terms an operation criterion looks for (the tenant filter
   *     itself is the snapshot's)
   * @param partitions whose origin dictionaries resolve resource and scope tags
   */
  static Query spansMatching(
      TenantScope scope,
      TraceQuery query,
      long startMinNanos,
      long startMaxNanos,
      List<Partition> partitions) {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    if (query.serviceName() != null) {
      builder.add(
          new TermQuery(
              new Term(IndexFields.SERVICE, IndexFields.serviceTerm(query.serviceName()))),
          BooleanClause.Occur.FILTER);
    }
    if (query.operationName() != null) {
      builder.add(
          operationMatching(scope, query.serviceName(), query.operationName()),
          BooleanClause.Occur.FILTER);
    }
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      builder.add(
          tagMatching(IndexFields.tagTerm(tag.getKey(), tag.getValue()), partitions),
          BooleanClause.Occur.FILTER);
    }
    // Origin dictionary documents have no start time, so either clause keeps them out of every
    // search.
    if (startMinNanos > Long.MIN_VALUE || startMaxNanos < Long.MAX_VALUE) {
      builder.add(spansStartedBetween(startMinNanos, startMaxNanos), BooleanClause.Occur.FILTER);
    } else {
      builder.add(new FieldExistsQuery(IndexFields.START), BooleanClause.Occur.FILTER);
    }
    if (query.traceIdPrefix() != null) {
      builder.add(traceIdsStartingWith(query.traceIdPrefix()), BooleanClause.Occur.FILTER);
    }
    if (query.hasDurationFilter()) {
      builder.add(
          NumericDocValuesField.newSlowRangeQuery(
              IndexFields.DURATION, query.durationMinNanos(), query.durationMaxNanos()),
          BooleanClause.Occur.FILTER);
    }
    return builder.build();
  }

  /** The operation's terms of every kind, in the field each tenant of the scope keeps them in. */
  private static Query operationMatching(TenantScope scope, String service, String name) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    List<BytesRef> tenantTerms = new ArrayList<>();
    for (TenantId tenant : scope.asSet()) {
      if (!tenant.equals(TenantId.DEFAULT)) {
        for (SpanKind kind : SpanKind.values()) {
          tenantTerms.add(IndexFields.tenantOperationTerm(tenant, service, name, kind));
        }
      }
    }
    if (scope.contains(TenantId.DEFAULT)) {
      List<BytesRef> terms = new ArrayList<>();
      for (SpanKind kind : SpanKind.values()) {
        terms.add(IndexFields.operationTerm(service, name, kind));
      }
      any.add(new TermInSetQuery(IndexFields.OPERATION, terms), BooleanClause.Occur.SHOULD);
    }
    if (!tenantTerms.isEmpty()) {
      any.add(
          new TermInSetQuery(IndexFields.TENANT_OPERATION, tenantTerms),
          BooleanClause.Occur.SHOULD);
    }
    return any.build();
  }

  /**
   * Spans of the scope's tenants: the {@link IndexFields#TENANT} terms of the named tenants, and, when the scope
   * holds {@link TenantId#DEFAULT}, the spans without a tenant field. Over an index of {@code fake}'s spans alone
   * (single-tenant operation) the second part rewrites to all documents, so the filter costs nothing there.
   */
  static Query tenantFilter(TenantScope scope) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    List<BytesRef> named = new ArrayList<>();
    for (TenantId tenant : scope.asSet()) {
      if (!tenant.equals(TenantId.DEFAULT)) {
        named.add(IndexFields.tenantTerm(tenant));
      }
    }
    if (!named.isEmpty()) {
      any.add(new TermInSetQuery(IndexFields.TENANT, named), BooleanClause.Occur.SHOULD);
    }
    if (scope.contains(TenantId.DEFAULT)) {
      any.add(
          new BooleanQuery.Builder()
              .add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
              .add(new FieldExistsQuery(IndexFields.TENANT), BooleanClause.Occur.MUST_NOT)
              .build(),
          BooleanClause.Occur.SHOULD);
    }
    return any.build();
  }

  private static Query tagMatching(BytesRef tagTerm, List<Partition> partitions) {
    Query ownTag = new TermQuery(new Term(IndexFields.TAG, tagTerm));
    List<BytesRef> origins = new ArrayList<>();
    for (Partition partition : partitions) {
      for (OriginDictionary.Entry entry : partition.origins().entries()) {
        if (entry.tagTerms().contains(tagTerm)) {
          origins.add(entry.term());
        }
      }
    }
    if (origins.isEmpty()) {
      return ownTag;
    }
    return new BooleanQuery.Builder()
        .add(ownTag, BooleanClause.Occur.SHOULD)
        .add(new TermInSetQuery(IndexFields.ORIGIN_TERM, origins), BooleanClause.Occur.SHOULD)
        .build();
  }

  /**
   * Spans whose trace ID, in Jaeger's hex form, starts with {@code hexPrefix}: a range of 16-byte terms for
   * 128-bit IDs, and for a prefix of at most 16 digits also the range of 64-bit IDs (high half zero), whose hex
   * form is the low half alone.
   */
  static Query traceIdsStartingWith(String hexPrefix) {
    BooleanQuery.Builder either = new BooleanQuery.Builder();
    either.add(traceIdRange(hexPrefix, 32), BooleanClause.Occur.SHOULD);
    if (hexPrefix.length() <= 16) {
      either.add(traceIdRange("0".repeat(16) + hexPrefix, 32), BooleanClause.Occur.SHOULD);
    }
    return either.build();
  }

  private static Query traceIdRange(String hexPrefix, int digits) {
    String low = hexPrefix + "0".repeat(digits - hexPrefix.length());
    String high = hexPrefix + "f".repeat(digits - hexPrefix.length());
    return new TermRangeQuery(
        IndexFields.TRACE_ID,
        IndexFields.traceIdTerm(TraceId.fromHex(low)),
        IndexFields.traceIdTerm(TraceId.fromHex(high)),
        true,
        true);
  }

  /** Spans that started in {@code [fromNanos, toNanosInclusive]}. */
  static Query spansStartedBetween(long fromNanos, long toNanosInclusive) {
    return NumericDocValuesField.newSlowRangeQuery(IndexFields.START, fromNanos, toNanosInclusive);
  }
}
