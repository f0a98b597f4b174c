package io.tracemate.pipeline.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class Lists {
  private Lists() {}

  /** An unmodifiable copy that, unlike List.copyOf, keeps null elements so validation can name them. */
  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
