package io.tracemate.bench.logs;

import com.linecorp.armeria.common.AggregatedHttpResponse;

/** How the query phases report an answer other than 200: its status and the start of its body. Stateless. */
final class FailedAnswer {
  private FailedAnswer() {}

  static String describe(AggregatedHttpResponse response) {
    String body = response.contentUtf8();
    return "HTTP "
        + response.status().code()
        + ": "
        + body.substring(0, Math.min(300, body.length())).strip();
  }
}
