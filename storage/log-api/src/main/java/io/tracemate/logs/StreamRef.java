package io.tracemate.logs;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.logs.model.LabelSet;
import java.util.Objects;

/**
 * A stream as a store knows it: an opaque handle for {@link LogReader#entries} plus its tenant and labels. Equal
 * labels of two tenants are two streams, with two IDs.
 *
 * @param id store-specific; valid only for the reader that returned it, only as long as that reader is open
 * @param tenant the tenant the stream was written for
 */
public record StreamRef(long id, TenantId tenant, LabelSet labels) {
  public StreamRef {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(labels, "labels");
  }

  /** The same stream with other labels (as a cross-tenant read presents it). */
  public StreamRef withLabels(LabelSet other) {
    return new StreamRef(id, tenant, other);
  }
}
