package io.tracemate.analysis;

import static io.tracemate.analysis.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagCloudTest {

  private static final Resource CHECKOUT =
      new Resource(
          List.of(Attribute.of("service.name", "checkout"), Attribute.of("host.name", "node-1")),
          0);

  /** 20 spans: every one has a unique request.id, 15 GET and 5 POST, a few users, free-text SQL. */
  private static TagCloud cloud(int top) {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      List<Attribute> attributes =
          new ArrayList<>(
              List.of(
                  Attribute.of("http.request.method", i < 15 ? "GET" : "POST"),
                  Attribute.of("request.id", "req-" + i),
                  Attribute.of("user.id", "user-" + (i % 3)),
                  Attribute.of("trace.ref", "4bf92f3577b34da6a3ce929d0e0e4736"),
                  Attribute.of(
                      "db.statement",
                      "SELECT * FROM audit_log WHERE created_at > ? AND actor = ? ORDER BY id"),
                  new Attribute(
                      "tags", new AttributeValue.ArrayValue(List.of(AttributeValue.of("x"))))));
      if (i < 4) {
        attributes.add(Attribute.of("http.response.status_code", i == 0 ? 500 : 200));
      } else if (i == 4) {
        attributes.add(Attribute.of("http.status_code", "404"));
      }
      spans.add(
          span(i + 1, i == 0 ? 0 : 1, "checkout", i, 100)
              .resource(CHECKOUT)
              .attributes(attributes)
              .build());
    }
    Span failing =
        span(99, 1, "payment", 10, 20)
            .status(TestSpans.error("boom"))
            .events(
                List.of(
                    new SpanEvent(
                        15,
                        "exception",
                        List.of(Attribute.of("exception.type", "java.net.SocketTimeoutException")),
                        0)))
            .build();
    spans.add(failing);
    return TraceAnalyzer.analyze(new Trace(TestSpans.TRACE_ID, spans), top).tags();
  }

  @Test
  void frequentPairsRankFirstAndNoisyValuesAreLeftOut() {
    assertThat(cloud(30).spanTags())
        .containsExactly(
            new TagCount("http.request.method", "GET", 15, false),
            new TagCount("user.id", "user-0", 7, false),
            new TagCount("user.id", "user-1", 7, false),
            new TagCount("user.id", "user-2", 6, false),
            new TagCount("http.request.method", "POST", 5, false),
            new TagCount("http.response.status_code", "200", 3, false),
            new TagCount("http.response.status_code", "500", 1, false),
            new TagCount("http.status_code", "404", 1, false));
  }

  @Test
  void topNCutsTheList() {
    assertThat(cloud(2).spanTags()).extracting(TagCount::value).containsExactly("GET", "user-0");
  }

  @Test
  void resourceAttributesCountOncePerSpanAndAreFlagged() {
    assertThat(cloud(30).resourceTags())
        .containsExactly(
            new TagCount("host.name", "node-1", 20, true),
            new TagCount("service.name", "checkout", 20, true),
            new TagCount("service.name", "payment", 1, true));
  }

  @Test
  void httpStatusesAndErrorsAreHighlightedInFull() {
    TagCloud cloud = cloud(0);
    assertThat(cloud.spanTags()).isEmpty();
    assertThat(cloud.httpStatuses())
        .containsExactly(
            new TagCount("http.response.status_code", "200", 3, false),
            new TagCount("http.response.status_code", "500", 1, false),
            new TagCount("http.status_code", "404", 1, false));
    assertThat(cloud.errors())
        .containsExactly(
            new TagCount("exception.type", "java.net.SocketTimeoutException", 1, false));
  }

  @ParameterizedTest
  @CsvSource({
    "4bf92f3577b34da6a3ce929d0e0e4736, true",
    "00f067aa0ba902b7, true",
    "123e4567-e89b-12d3-a456-426614174000, true",
    "1700000000123, true",
    "-1700000000123, true",
    "GET, false",
    "200, false",
    "user-42, false",
    "deadbeef, false",
    "/api/orders/{id}, false",
  })
  void idLikeValues(String value, boolean idLike) {
    assertThat(TagCloudBuilder.isIdLike(value)).isEqualTo(idLike);
  }

  @Test
  void freeTextLongerThanTheLimitIsIdLike() {
    assertThat(TagCloudBuilder.isIdLike("x".repeat(TagCloudBuilder.MAX_VALUE_LENGTH))).isFalse();
    assertThat(TagCloudBuilder.isIdLike("x".repeat(TagCloudBuilder.MAX_VALUE_LENGTH + 1))).isTrue();
  }
}
