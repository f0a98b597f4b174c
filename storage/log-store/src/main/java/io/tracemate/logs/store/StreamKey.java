package io.tracemate.logs.store;

import io.tracemate.logs.model.LabelSet;
import java.util.Objects;

/** A stream's identity: the tenant is part of it, so equal labels of two tenants are two streams. */
record StreamKey(String tenant, LabelSet labels) {
  StreamKey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(labels, "labels");
  }
}
