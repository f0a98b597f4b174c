package io.tracemate.http.jaeger;

import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;

/** Query parameters from alternating names and values, repeats allowed. */
final class TestParams {
  private TestParams() {}

  static QueryParams of(String... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate");
    }
    QueryParamsBuilder builder = QueryParams.builder();
    for (int i = 0; i < nameValues.length; i += 2) {
      builder.add(nameValues[i], nameValues[i + 1]);
    }
    return builder.build();
  }
}
