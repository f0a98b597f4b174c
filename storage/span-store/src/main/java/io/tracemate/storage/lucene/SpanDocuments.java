package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.util.BytesRef;

/** Turns a span into its Lucene document (fields listed in {@link IndexFields}). Stateless. */
final class SpanDocuments {
  private SpanDocuments() {}

  /**
   * @param tenant whose span it is; {@link TenantId#DEFAULT} adds no tenant field (see {@link IndexFields#TENANT})
   * @param origin the span's resource and scope as numbered by its partition
   * @param scratch the writing thread's buffers, reset here: the document is valid until the next one is made
   */
  static Document document(
      TenantId tenant, Span span, OriginDictionary.Entry origin, DocumentScratch scratch)
      throws IOException {
    scratch.reset();
    Document document = new Document();
    String service = span.serviceName();
    document.add(
        new Field(
            IndexFields.TRACE_ID,
            IndexFields.traceIdTerm(span.traceId()),
            IndexFields.KEYWORD_WITH_SORTED_DOC_VALUES));
    document.add(
        new Field(IndexFields.SERVICE, IndexFields.serviceTerm(service), IndexFields.KEYWORD));
    document.add(new Field(IndexFields.ORIGIN_TERM, origin.term(), IndexFields.KEYWORD));
    if (tenant.equals(TenantId.DEFAULT)) {
      document.add(
          new Field(
              IndexFields.OPERATION,
              IndexFields.operationTerm(service, span.name(), span.kind()),
              IndexFields.KEYWORD));
    } else {
      document.add(
          new Field(
              IndexFields.TENANT,
              IndexFields.tenantTerm(tenant),
              IndexFields.KEYWORD_WITH_SORTED_DOC_VALUES));
      document.add(
          new Field(
              IndexFields.TENANT_OPERATION,
              IndexFields.tenantOperationTerm(tenant, service, span.name(), span.kind()),
              IndexFields.KEYWORD));
    }
    addTags(document, span, scratch);
    document.add(NumericDocValuesField.indexedField(IndexFields.START, span.startEpochNanos()));
    document.add(new NumericDocValuesField(IndexFields.DURATION, span.durationNanos()));
    document.add(new NumericDocValuesField(IndexFields.SPAN_ID, span.spanId().value()));
    if (span.parentSpanId().isValid()) {
      document.add(new NumericDocValuesField(IndexFields.PARENT_ID, span.parentSpanId().value()));
    }
    document.add(
        new NumericDocValuesField(
            IndexFields.ORIGIN_AND_META,
            ((long) origin.id() << IndexFields.META_BITS) | meta(span)));
    SpanRecord.write(scratch.record, span);
    document.add(new StoredField(IndexFields.RECORD, scratch.recordBytes()));
    return document;
  }

  static long meta(Span span) {
    long meta = span.kind().ordinal();
    meta |= span.status().isError() ? IndexFields.META_ERROR : 0;
    return meta;
  }

  private static void addTags(Document document, Span span, DocumentScratch scratch) {
    addAttributes(document, span.attributes(), scratch);
    for (SpanEvent event : span.events()) {
      addAttributes(document, event.attributes(), scratch);
    }
    // The origin's tags (resource attributes, scope) are searched through the origin term instead.
    if (span.status().isError()) {
      addTag(document, scratch.tagTerm("error", "true"));
    }
    if (span.kind() != SpanKind.UNSPECIFIED) {
      addTag(document, scratch.tagTerm("span.kind", span.kind().jaegerName()));
    }
    if (span.status().code() != StatusCode.UNSET) {
      addTag(document, scratch.tagTerm("otel.status_code", span.status().code().name()));
    }
    if (!span.status().message().isEmpty()) {
      addTag(document, scratch.tagTerm("otel.status_description", span.status().message()));
    }
  }

  private static void addAttributes(
      Document document, List<Attribute> attributes, DocumentScratch scratch) {
    for (Attribute attribute : attributes) {
      addTag(document, scratch.tagTerm(attribute.key(), attribute.value().asText()));
    }
  }

  private static void addTag(Document document, BytesRef term) {
    document.add(new Field(IndexFields.TAG, term, IndexFields.KEYWORD));
  }
}
