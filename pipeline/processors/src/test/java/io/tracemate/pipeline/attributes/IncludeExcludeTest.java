package io.tracemate.pipeline.attributes;

import static io.tracemate.pipeline.TestSpans.attr;
import static io.tracemate.pipeline.TestSpans.span;
import static io.tracemate.pipeline.TestSpans.withValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.pipeline.TestPipeline;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.MatchConfig;
import io.tracemate.pipeline.config.MatchConfig.AttributeMatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncludeExcludeTest {
  private static final Span CHECKOUT_SERVER =
      span(
          "checkout",
          "GET /cart",
          SpanKind.SERVER,
          Attribute.of("http.response.status_code", 200L),
          Attribute.of("env", "prod"));
  private static final Span PAYMENT_CLIENT =
      span(
          "payment-gateway",
          "POST /pay",
          SpanKind.CLIENT,
          Attribute.of("http.response.status_code", 503L));

  private static MatchConfig match(
      String type,
      List<String> services,
      List<String> names,
      List<String> kinds,
      List<AttributeMatch> attributes) {
    return new MatchConfig(type, services, names, kinds, attributes, null, null, null);
  }

  /** Whether the processor (upsert touched=true) acts on the span. */
  private static boolean touches(MatchConfig include, MatchConfig exclude, Span span) {
    var pipeline =
        TestPipeline.of(
            "attributes",
            new AttributesConfig(List.of(withValue("upsert", "touched", true)), include, exclude));
    return attr(pipeline.processOne(span), "touched") != null;
  }

  @Test
  void strictServicesMatchExactly() {
    MatchConfig include = match("strict", List.of("checkout", "cart"), null, null, null);

    assertThat(touches(include, null, CHECKOUT_SERVER)).isTrue();
    assertThat(touches(include, null, PAYMENT_CLIENT)).isFalse();
  }

  @Test
  void regexpIsUnanchoredLikeTheCollector() {
    assertThat(touches(match("regexp", List.of("pay"), null, null, null), null, PAYMENT_CLIENT))
        .isTrue();
    assertThat(touches(match("regexp", List.of("^pay$"), null, null, null), null, PAYMENT_CLIENT))
        .isFalse();
    assertThat(touches(match("regexp", null, List.of("^GET "), null, null), null, CHECKOUT_SERVER))
        .isTrue();
  }

  @Test
  void spanKindsUseTheCollectorsNamesAndAcceptShortOnes() {
    assertThat(
            touches(
                match("strict", null, null, List.of("SPAN_KIND_CLIENT"), null),
                null,
                PAYMENT_CLIENT))
        .isTrue();
    assertThat(touches(match("strict", null, null, List.of("server"), null), null, PAYMENT_CLIENT))
        .isFalse();
    assertThat(
            touches(
                match("regexp", null, null, List.of("CLIENT|PRODUCER"), null),
                null,
                PAYMENT_CLIENT))
        .isTrue();
  }

  @Test
  void strictAttributesCompareValueAndType() {
    assertThat(
            touches(
                match(
                    "strict",
                    null,
                    null,
                    null,
                    List.of(new AttributeMatch("http.response.status_code", 200))),
                null,
                CHECKOUT_SERVER))
        .isTrue();
    assertThat(
            touches(
                match(
                    "strict",
                    null,
                    null,
                    null,
                    List.of(new AttributeMatch("http.response.status_code", "200"))),
                null,
                CHECKOUT_SERVER))
        .isFalse();
    assertThat(
            touches(
                match("strict", null, null, null, List.of(new AttributeMatch("env", null))),
                null,
                CHECKOUT_SERVER))
        .isTrue();
    assertThat(
            touches(
                match("strict", null, null, null, List.of(new AttributeMatch("env", null))),
                null,
                PAYMENT_CLIENT))
        .isFalse();
  }

  @Test
  void allListedAttributesMustMatch() {
    MatchConfig include =
        match(
            "strict",
            null,
            null,
            null,
            List.of(
                new AttributeMatch("env", "prod"),
                new AttributeMatch("http.response.status_code", 500)));

    assertThat(touches(include, null, CHECKOUT_SERVER)).isFalse();
  }

  @Test
  void regexpAttributesMatchTheTextOfNumbers() {
    MatchConfig include =
        match(
            "regexp",
            null,
            null,
            null,
            List.of(new AttributeMatch("http.response.status_code", "^5..$")));

    assertThat(touches(include, null, PAYMENT_CLIENT)).isTrue();
    assertThat(touches(include, null, CHECKOUT_SERVER)).isFalse();
  }

  @Test
  void everySetPropertyMustMatch() {
    MatchConfig include = match("strict", List.of("checkout"), List.of("POST /pay"), null, null);

    assertThat(touches(include, null, CHECKOUT_SERVER)).isFalse();
  }

  @Test
  void resourcesAndLibrariesMatchToo() {
    MatchConfig resources =
        new MatchConfig(
            "strict",
            null,
            null,
            null,
            null,
            List.of(new AttributeMatch("service.name", "checkout")),
            null,
            null);
    MatchConfig library =
        new MatchConfig(
            "regexp",
            null,
            null,
            null,
            null,
            null,
            List.of(new MatchConfig.Library("okhttp", "^1\\.")),
            Map.of("cacheenabled", true));
    MatchConfig otherVersion =
        new MatchConfig(
            "strict",
            null,
            null,
            null,
            null,
            null,
            List.of(new MatchConfig.Library("io.opentelemetry.okhttp", "2.0.0")),
            null);

    assertThat(touches(resources, null, CHECKOUT_SERVER)).isTrue();
    assertThat(touches(resources, null, PAYMENT_CLIENT)).isFalse();
    assertThat(touches(library, null, CHECKOUT_SERVER)).isTrue();
    assertThat(touches(otherVersion, null, CHECKOUT_SERVER)).isFalse();
  }

  @Test
  void excludeWinsOverInclude() {
    MatchConfig include = match("regexp", List.of(".*"), null, null, null);
    MatchConfig exclude = match("strict", null, null, List.of("SPAN_KIND_SERVER"), null);

    assertThat(touches(include, exclude, CHECKOUT_SERVER)).isFalse();
    assertThat(touches(include, exclude, PAYMENT_CLIENT)).isTrue();
    assertThat(touches(null, exclude, PAYMENT_CLIENT)).isTrue();
  }
}
