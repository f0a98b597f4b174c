package io.tracemate.queue.spans;

import io.tracemate.codec.SpanBinaryCodec;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.StoredForm;
import java.nio.charset.StandardCharsets;

/**
 * The payload of one span WAL record: a {@link SpanBatch}'s tenant and its spans as OTLP {@code TracesData} bytes.
 *
 * <p>Layout. A batch of {@link TenantId#DEFAULT} is the OTLP bytes alone, exactly what every record was before
 * tenants existed: single-tenant operation writes the receiver's bytes untouched (no copy on the hottest path),
 * and records written by earlier versions replay as {@code fake}. A batch of any other tenant is prefixed with a
 * header: {@code 0x00}, a version byte ({@value #VERSION}), the tenant ID's length (one byte: at most 150) and its
 * ASCII bytes, then the OTLP bytes. No OTLP message can start with {@code 0x00}: that is a protobuf tag of field
 * number 0, which every protobuf parser refuses, and the receivers only hand on bytes that parsed. Stateless.
 */
final class SpanWalCodec {
  /** The first byte of a record with a tenant header. */
  static final byte TENANT_HEADER = 0x00;

  static final int VERSION = 1;

  private SpanWalCodec() {}

  static byte[] encode(SpanBatch batch) {
    StoredForm asReceived = batch.storedForm();
    byte[] spans = asReceived != null ? asReceived.bytes() : SpanBinaryCodec.encode(batch.spans());
    TenantId tenant = batch.tenant();
    if (tenant.equals(TenantId.DEFAULT)) {
      return spans;
    }
    // Valid tenant IDs are ASCII, at most 150 characters: the length fits one unsigned byte.
    byte[] id = tenant.value().getBytes(StandardCharsets.US_ASCII);
    byte[] record = new byte[3 + id.length + spans.length];
    record[0] = TENANT_HEADER;
    record[1] = VERSION;
    record[2] = (byte) id.length;
    System.arraycopy(id, 0, record, 3, id.length);
    System.arraycopy(spans, 0, record, 3 + id.length, spans.length);
    return record;
  }

  /** @throws IllegalArgumentException when the payload is not a record this codec (or an earlier one) wrote */
  static SpanBatch decode(byte[] payload) {
    if (payload.length == 0 || payload[0] != TENANT_HEADER) {
      return SpanBatch.of(TenantId.DEFAULT, SpanBinaryCodec.decode(payload));
    }
    if (payload.length < 3) {
      throw new IllegalArgumentException("truncated span WAL record: no tenant");
    }
    int version = payload[1] & 0xFF;
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown span WAL record version " + version);
    }
    int idLength = payload[2] & 0xFF;
    if (3 + idLength > payload.length) {
      throw new IllegalArgumentException(
          "truncated span WAL record: a tenant of " + idLength + " bytes in " + payload.length);
    }
    TenantId tenant = TenantId.parse(new String(payload, 3, idLength, StandardCharsets.US_ASCII));
    int spansAt = 3 + idLength;
    return SpanBatch.of(tenant, SpanBinaryCodec.decode(payload, spansAt, payload.length - spansAt));
  }
}
