package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.storage.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lists a search UI offers: services and their operations. */
public interface CatalogContract extends StorageFixture {

  private Span spanOf(String service, String name, SpanKind kind) {
    return span(traceId(random()), spanId(random()), SpanId.NONE, service, name, baseNanos(), 10)
        .kind(kind)
        .build();
  }

  @Test
  default void listsServiceNamesSortedAndDistinct() {
    assertThat(reader().serviceNames()).isEmpty();

    write(List.of(spanOf("zeta", "a", SpanKind.SERVER), spanOf("alpha", "a", SpanKind.SERVER)));
    write(List.of(spanOf("mid", "a", SpanKind.SERVER), spanOf("alpha", "b", SpanKind.CLIENT)));
    flush();

    assertThat(reader().serviceNames()).containsExactly("alpha", "mid", "zeta");
  }

  @Test
  default void namesSpansWithoutServiceNameLikeJaeger() {
    writeAndFlush(
        List.of(
            Span.builder()
                .traceId(traceId(random()))
                .spanId(spanId(random()))
                .name("orphan")
                .startEpochNanos(baseNanos())
                .endEpochNanos(baseNanos() + 1)
                .build()));

    assertThat(reader().serviceNames()).containsExactly(Resource.UNKNOWN_SERVICE);
  }

  @Test
  default void listsOperationsSortedByNameThenKind() {
    writeAndFlush(
        List.of(
            spanOf("api", "GET /b", SpanKind.SERVER),
            spanOf("api", "GET /a", SpanKind.SERVER),
            spanOf("api", "GET /a", SpanKind.CLIENT),
            spanOf("api", "GET /a", SpanKind.SERVER),
            spanOf("api", "publish", SpanKind.PRODUCER),
            spanOf("other", "GET /c", SpanKind.SERVER)));

    assertThat(reader().operations("api", null))
        .containsExactly(
            new Operation("GET /a", SpanKind.SERVER),
            new Operation("GET /a", SpanKind.CLIENT),
            new Operation("GET /b", SpanKind.SERVER),
            new Operation("publish", SpanKind.PRODUCER));
    assertThat(reader().operations("api", SpanKind.SERVER))
        .containsExactly(
            new Operation("GET /a", SpanKind.SERVER), new Operation("GET /b", SpanKind.SERVER));
    assertThat(reader().operations("api", SpanKind.CONSUMER)).isEmpty();
    assertThat(reader().operations("unknown", null)).isEmpty();
  }
}
