package io.tracemate.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** One mapping from failures to answers for every API family, and each family's shape for the same answer. */
class ApiErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ApiErrors COMMON = ApiErrors.of(ErrorShape.TRACEMATE);

  @Test
  void aBadRequestIsItsStatusWithItsMessage() {
    assertThat(COMMON.map(new BadRequestException("parameter 'from' is required")))
        .isEqualTo(ApiError.of(HttpStatus.BAD_REQUEST, "parameter 'from' is required"));
  }

  @Test
  void failuresAreUnwrappedFromTheFuturesAroundThem() {
    Throwable wrapped =
        new CompletionException(new ExecutionException(new BadRequestException("bad step")));
    assertThat(COMMON.map(wrapped)).isEqualTo(ApiError.of(HttpStatus.BAD_REQUEST, "bad step"));
  }

  @Test
  void aCancelledRequestIsA503NobodyLogs() {
    assertThat(COMMON.map(new CancelledException(Cancellation.Reason.CANCELLED)))
        .isEqualTo(
            ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, "the request was cancelled or timed out"));
  }

  @Test
  void anUnknownFailureIsAnInternalErrorTheServerIsBlamedFor() {
    ApiError error = COMMON.map(new IllegalStateException("boom"));
    assertThat(error.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(error.message()).isEqualTo("internal error: java.lang.IllegalStateException: boom");
    assertThat(error.serverFault()).isTrue();
  }

  @Test
  void aFamilyMapsWhatItKnowsBeforeTheCommonRules() {
    ApiErrors family =
        ApiErrors.of(
            ErrorShape.PLAIN_TEXT,
            failure ->
                failure instanceof CancelledException
                    ? ApiError.of(HttpStatus.valueOf(499), "the request was cancelled")
                    : null);
    assertThat(family.map(new CancelledException(Cancellation.Reason.CANCELLED)).status().code())
        .isEqualTo(499);
    assertThat(family.map(new BadRequestException("limit must be a positive value")).status())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(family.map(new IllegalStateException("boom")).status())
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }

  @Test
  void eachShapeWritesTheSameErrorItsFamilysWay() throws Exception {
    AggregatedHttpResponse ours =
        ErrorShape.TRACEMATE.render(HttpStatus.BAD_REQUEST, "bad \"step\"", true);
    assertThat(ours.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(ours.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    assertThat(JSON.readTree(ours.contentUtf8()))
        .isEqualTo(JSON.readTree("{\"error\":{\"code\":400,\"message\":\"bad \\\"step\\\"\"}}"));
    // Only Jaeger v1's envelope indents errors on request.
    assertThat(ours.contentUtf8()).doesNotContain("\n");

    AggregatedHttpResponse gateway =
        ErrorShape.jsonError("httpCode").render(HttpStatus.NOT_FOUND, "No traces found", false);
    assertThat(JSON.readTree(gateway.contentUtf8()))
        .isEqualTo(JSON.readTree("{\"error\":{\"httpCode\":404,\"message\":\"No traces found\"}}"));

    AggregatedHttpResponse text =
        ErrorShape.PLAIN_TEXT.render(HttpStatus.GATEWAY_TIMEOUT, "request timed out", false);
    assertThat(text.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    assertThat(text.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    assertThat(text.headers().get(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS)).isEqualTo("nosniff");
    assertThat(text.contentUtf8()).isEqualTo("request timed out\n");
  }
}
