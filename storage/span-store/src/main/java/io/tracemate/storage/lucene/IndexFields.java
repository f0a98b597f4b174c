package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;

/**
 * Field names of span documents and the byte form of their terms; the single place that writers and
 * queries agree on them. See the package documentation for why each field exists.
 */
final class IndexFields {
  /** 16-byte trace ID: term (trace lookup) and sorted doc values (which trace a search hit belongs to). */
  static final String TRACE_ID = "tid";

  /** Service name: term (search). */
  static final String SERVICE = "svc";

  /**
   * The span's origin (resource and scope): a term unique across partitions, standing in for the terms of
   * every resource attribute and scope tag, which are the same for all spans of an origin.
   */
  static final String ORIGIN_TERM = "org";

  /**
   * Doc values: the partition-local origin number shifted left by {@link #META_BITS}, or-ed with the kind
   * and error bits (span rebuild; service, kind and error for dependency links). One field, not two,
   * because every field costs indexing time per span.
   */
  static final String ORIGIN_AND_META = "om";

  /**
   * The tenant of a span of any tenant but {@link TenantId#DEFAULT}: term (the tenant filter of every read) and
   * sorted doc values (which tenant a hit belongs to). Spans of {@code fake} have no such field, which costs
   * single-tenant operation nothing and makes spans stored before tenants existed {@code fake}'s.
   */
  static final String TENANT = "tenant";

  /** Service, span name and kind in one term, for spans of {@link TenantId#DEFAULT}: operation search. */
  static final String OPERATION = "op";

  /**
   * The operation term of a span of any other tenant, prefixed with its tenant: operation search, and the service
   * catalog rebuilt per tenant at open. {@link #OPERATION} alone could not say whose an operation is.
   */
  static final String TENANT_OPERATION = "top";

  /** "key\0value" terms for the searchable attributes of the span and its events and the derived tags. */
  static final String TAG = "tag";

  /** Start time, epoch ns: doc values with a skip index (time filter, newest-first sort). */
  static final String START = "start";

  /** max(0, end - start) in ns: doc values (duration filter, span rebuild). */
  static final String DURATION = "dur";

  /** Span ID: doc values (span rebuild, dependency links). */
  static final String SPAN_ID = "sid";

  /** Parent span ID, absent for roots: doc values (span rebuild, dependency links). */
  static final String PARENT_ID = "pid";

  /** The {@link SpanRecord}: stored only. */
  static final String RECORD = "span";

  /** Marks origin dictionary documents. */
  static final String DICTIONARY = "dict";

  /** An {@link OriginDictionary} entry: stored only. */
  static final String ORIGIN = "origin";

  static final int META_BITS = 4;
  static final int META_KIND_MASK = 7;
  static final int META_ERROR = 1 << 3;

  /** Longer tag values are indexed by a digest, so huge values cost a fixed 21 bytes and stay exact. */
  static final int MAX_PLAIN_TAG_CHARS = 256;

  private static final byte DIGEST_MARKER = (byte) 0xFF; // never occurs in UTF-8, so never clashes
  private static final int DIGEST_BYTES = 20;

  /** Far below Lucene's 32 KB term limit, far above any sensible service or span name. */
  private static final int MAX_PLAIN_TERM_BYTES = 4096;

  /** Exact-match keyword that also carries sorted doc values. */
  static final FieldType KEYWORD_WITH_SORTED_DOC_VALUES = keywordType(DocValuesType.SORTED);

  /** Exact-match keyword without doc values. */
  static final FieldType KEYWORD = keywordType(DocValuesType.NONE);

  private IndexFields() {}

  private static FieldType keywordType(DocValuesType docValues) {
    FieldType type = new FieldType();
    type.setIndexOptions(IndexOptions.DOCS);
    type.setOmitNorms(true);
    type.setTokenized(false);
    type.setDocValuesType(docValues);
    type.freeze();
    return type;
  }

  /** Partition start and origin number: unique across partitions, unlike the number alone. */
  static BytesRef originTerm(long partitionStartSeconds, int originId) {
    byte[] term = new byte[12];
    for (int i = 0; i < 8; i++) {
      term[i] = (byte) (partitionStartSeconds >>> (56 - 8 * i));
    }
    for (int i = 0; i < 4; i++) {
      term[8 + i] = (byte) (originId >>> (24 - 8 * i));
    }
    return new BytesRef(term);
  }

  static BytesRef traceIdTerm(TraceId traceId) {
    return new BytesRef(traceId.toBytes());
  }

  static TraceId traceIdOf(BytesRef term) {
    return TraceId.fromBytes(
        Arrays.copyOfRange(term.bytes, term.offset, term.offset + term.length));
  }

  /** The term of a tag; keys holding NUL or long keys/values use the digest form so terms never collide. */
  static BytesRef tagTerm(String key, String value) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    if (key.length() <= MAX_PLAIN_TAG_CHARS
        && value.length() <= MAX_PLAIN_TAG_CHARS
        && key.indexOf('\0') < 0) {
      byte[] term = new byte[keyBytes.length + 1 + valueBytes.length];
      System.arraycopy(keyBytes, 0, term, 0, keyBytes.length);
      System.arraycopy(valueBytes, 0, term, keyBytes.length + 1, valueBytes.length);
      return new BytesRef(term);
    }
    return digestTerm(keyBytes, valueBytes);
  }

  /** The marker byte and a 160-bit SHA-256 prefix of the length-prefixed parts. */
  private static BytesRef digestTerm(byte[]... parts) {
    MessageDigest digest = sha256();
    for (byte[] part : parts) {
      digest.update(
          new byte[] {
            (byte) (part.length >>> 24),
            (byte) (part.length >>> 16),
            (byte) (part.length >>> 8),
            (byte) part.length
          });
      digest.update(part);
    }
    byte[] term = new byte[1 + DIGEST_BYTES];
    term[0] = DIGEST_MARKER;
    System.arraycopy(digest.digest(), 0, term, 1, DIGEST_BYTES);
    return new BytesRef(term);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A service name term; absurdly long names (over 4 KB) use the digest form, which Lucene's limit needs. */
  static BytesRef serviceTerm(String service) {
    byte[] bytes = service.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= MAX_PLAIN_TERM_BYTES
        ? new BytesRef(bytes)
        : digestTerm(new byte[0], bytes);
  }

  /**
   * Length-prefixed service, then name, then the kind byte: unambiguous whatever the names contain. Over
   * 4 KB it is a digest: still searchable, but the operation is not listed again after a restart.
   */
  static BytesRef operationTerm(String service, String name, SpanKind kind) {
    byte[] serviceBytes = service.getBytes(StandardCharsets.UTF_8);
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (serviceBytes.length + nameBytes.length > MAX_PLAIN_TERM_BYTES) {
      return digestTerm(serviceBytes, nameBytes, new byte[] {(byte) kind.ordinal()});
    }
    byte[] term = new byte[5 + serviceBytes.length + nameBytes.length + 1];
    int at = 0;
    for (int length = serviceBytes.length;
        ;
        length >>>= 7) { // a Lucene vInt, as the parser reads it
      if ((length & ~0x7F) == 0) {
        term[at++] = (byte) length;
        break;
      }
      term[at++] = (byte) ((length & 0x7F) | 0x80);
    }
    System.arraycopy(serviceBytes, 0, term, at, serviceBytes.length);
    at += serviceBytes.length;
    System.arraycopy(nameBytes, 0, term, at, nameBytes.length);
    at += nameBytes.length;
    term[at++] = (byte) kind.ordinal();
    return new BytesRef(term, 0, at);
  }

  static BytesRef tenantTerm(TenantId tenant) {
    return new BytesRef(tenant.value().getBytes(StandardCharsets.US_ASCII));
  }

  /** The tenant of a {@link #TENANT} term. */
  static TenantId tenantOf(BytesRef term) {
    return TenantId.parse(term.utf8ToString());
  }

  /**
   * The tenant's ID (one length byte: an ID has at most 150 ASCII characters), then its {@link #operationTerm}.
   */
  static BytesRef tenantOperationTerm(TenantId tenant, String service, String name, SpanKind kind) {
    byte[] id = tenant.value().getBytes(StandardCharsets.US_ASCII);
    BytesRef operation = operationTerm(service, name, kind);
    byte[] term = new byte[1 + id.length + operation.length];
    term[0] = (byte) id.length;
    System.arraycopy(id, 0, term, 1, id.length);
    System.arraycopy(operation.bytes, operation.offset, term, 1 + id.length, operation.length);
    return new BytesRef(term);
  }

  /** The tenant and operation of a {@link #tenantOperationTerm}; null when its operation is a digest. */
  static TenantOperationKey parseTenantOperationTerm(BytesRef term) {
    int idLength = term.bytes[term.offset] & 0xFF;
    TenantId tenant =
        TenantId.parse(
            new String(term.bytes, term.offset + 1, idLength, StandardCharsets.US_ASCII));
    OperationKey operation =
        parseOperationTerm(
            new BytesRef(term.bytes, term.offset + 1 + idLength, term.length - 1 - idLength));
    return operation == null ? null : new TenantOperationKey(tenant, operation);
  }

  /** A tenant's operation, as {@link #parseTenantOperationTerm} reads it. */
  record TenantOperationKey(TenantId tenant, OperationKey operation) {}

  /** Service, name and kind of an {@link #operationTerm}. */
  record OperationKey(String service, String name, SpanKind kind) {}

  /** @return null for a digest term, which cannot be read back */
  static OperationKey parseOperationTerm(BytesRef term) {
    if (term.length > 0 && term.bytes[term.offset] == DIGEST_MARKER) {
      return null;
    }
    ByteArrayDataInput in = new ByteArrayDataInput(term.bytes, term.offset, term.length);
    int serviceLength = in.readVInt();
    int serviceStart = in.getPosition();
    int nameStart = serviceStart + serviceLength;
    int kindAt = term.offset + term.length - 1;
    String service = new String(term.bytes, serviceStart, serviceLength, StandardCharsets.UTF_8);
    String name = new String(term.bytes, nameStart, kindAt - nameStart, StandardCharsets.UTF_8);
    return new OperationKey(service, name, SpanKind.fromNumber(term.bytes[kindAt]));
  }
}
