package io.tracemate.receivers;

import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.StoredForm;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A decoded and checked span request of one tenant: its spans to keep (with the rejections explained in
 * {@link DecodedSpans#errorMessage()}), and, when the receiver has it for free, their stored form (bytes that
 * decode to exactly those spans; see {@link StoredForm}), or null.
 *
 * @param tenant the tenant the request writes to
 * @param rejected how many spans were rejected for each reason; the counts add up to
 *     {@link DecodedSpans#rejectedCount()}; iterated in the order of {@link SpanRejection}
 */
record SpanSubmission(
    TenantId tenant,
    DecodedSpans decoded,
    StoredForm storedForm,
    Map<SpanRejection, Integer> rejected) {

  SpanSubmission {
    rejected = rejected.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(rejected));
  }
}
