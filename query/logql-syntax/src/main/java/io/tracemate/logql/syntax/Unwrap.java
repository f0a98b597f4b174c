package io.tracemate.logql.syntax;

import java.util.List;
import java.util.Objects;

/**
 * {@code | unwrap [conversion(]label[)]} followed by optional label filters (Loki lets only label filters follow
 * unwrap; they typically drop {@code __error__} lines from failed conversions).
 */
public record Unwrap(String label, UnwrapConversion conversion, List<LabelFilter> postFilters) {

  public Unwrap {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(conversion, "conversion");
    postFilters = List.copyOf(postFilters);
  }

  /** Plain {@code | unwrap label}. */
  public Unwrap(String label) {
    this(label, UnwrapConversion.NONE, List.of());
  }
}
