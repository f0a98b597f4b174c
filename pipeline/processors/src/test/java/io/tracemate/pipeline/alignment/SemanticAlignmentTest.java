package io.tracemate.pipeline.alignment;

import static io.tracemate.pipeline.TestSpans.attr;
import static io.tracemate.pipeline.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.pipeline.TestPipeline;
import io.tracemate.pipeline.alignment.SemanticAlignment.Rule;
import io.tracemate.pipeline.config.MatchConfig;
import io.tracemate.pipeline.config.SemanticAlignmentConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemanticAlignmentTest {

  private static TestPipeline pipeline(SemanticAlignmentConfig config) {
    return TestPipeline.of("semantic_alignment", config);
  }

  private static Span align(Span span) {
    return pipeline(new SemanticAlignmentConfig(null, null, null, null)).processOne(span);
  }

  @ParameterizedTest
  @CsvSource({
    "http.url, url.full",
    "http.method, http.request.method",
    "http.host, server.address",
    "http.scheme, url.scheme",
    "http.user_agent, user_agent.original",
    "db.statement, db.query.text",
    "db.operation, db.operation.name",
    "db.name, db.namespace",
    "messaging.destination, messaging.destination.name",
    "messaging.operation, messaging.operation.type",
    "sql.query, db.query.text",
    "kafka.topic, messaging.destination.name",
    "url, url.full",
    "mq.topic, messaging.destination.name",
    "db.instance, db.namespace",
    "http.path, url.path"
  })
  void shippedTableRenamesLegacyKeys(String legacy, String otel) {
    Span out = align(span(Attribute.of(legacy, "v")));

    assertThat(out.attributes()).containsExactly(Attribute.of(otel, "v"));
  }

  @Test
  void statusCodesBecomeIntegers() {
    assertThat(align(span(Attribute.of("http.status_code", 200L))).attributes())
        .containsExactly(Attribute.of("http.response.status_code", 200L));
    assertThat(align(span(Attribute.of("status_code", "404"))).attributes())
        .containsExactly(Attribute.of("http.response.status_code", 404L));
  }

  @Test
  void peerAndHostKeysDependOnTheSpanKind() {
    Span client =
        span(
            "checkout",
            "GET",
            SpanKind.CLIENT,
            Attribute.of("net.peer.name", "payments"),
            Attribute.of("net.peer.port", 8080L),
            Attribute.of("net.host.name", "pod-1"));
    Span server =
        span(
            "checkout",
            "GET",
            SpanKind.SERVER,
            Attribute.of("net.peer.name", "10.0.0.9"),
            Attribute.of("net.host.name", "shop.example.com"),
            Attribute.of("net.host.port", "443"));

    assertThat(align(client).attributes())
        .containsExactly(
            Attribute.of("net.host.name", "pod-1"),
            Attribute.of("server.address", "payments"),
            Attribute.of("server.port", 8080L));
    assertThat(align(server).attributes())
        .containsExactly(
            Attribute.of("net.peer.name", "10.0.0.9"),
            Attribute.of("server.address", "shop.example.com"),
            Attribute.of("server.port", 443L));
  }

  @Test
  void httpTargetIsSplitIntoPathAndQuery() {
    assertThat(align(span(Attribute.of("http.target", "/cart?id=7&x=1"))).attributes())
        .containsExactly(Attribute.of("url.path", "/cart"), Attribute.of("url.query", "id=7&x=1"));
    assertThat(align(span(Attribute.of("http.target", "/cart"))).attributes())
        .containsExactly(Attribute.of("url.path", "/cart"));
  }

  @Test
  void anExistingStableKeyWinsAndTheLegacyKeyGoes() {
    Span out =
        align(
            span(Attribute.of("http.method", "GET"), Attribute.of("http.request.method", "POST")));

    assertThat(out.attributes()).containsExactly(Attribute.of("http.request.method", "POST"));
  }

  @Test
  void configuredRenamesComeFirstAndCountersCount() {
    TestPipeline pipeline =
        pipeline(
            new SemanticAlignmentConfig(
                null, Map.of("url", "http.route", "biz.txn", "business.transaction"), null, null));

    Span out =
        pipeline.processOne(
            span(
                Attribute.of("url", "/orders/{id}"),
                Attribute.of("biz.txn", "pay"),
                Attribute.of("other", "x")));

    assertThat(attr(out, "http.route")).isEqualTo(AttributeValue.of("/orders/{id}"));
    assertThat(attr(out, "url.full")).isNull();
    assertThat(attr(out, "business.transaction")).isEqualTo(AttributeValue.of("pay"));
    assertThat(pipeline.stats().getFirst().counters()).containsEntry("renamed", 2L);
  }

  @Test
  void includeLimitsTheAlignmentToSomeServices() {
    TestPipeline pipeline =
        pipeline(
            new SemanticAlignmentConfig(
                null,
                null,
                new MatchConfig(
                    "strict", List.of("legacy-sw-service"), null, null, null, null, null, null),
                null));
    Span otel = span(Attribute.of("url", "https://x"));

    assertThat(pipeline.processOne(otel)).isSameAs(otel);
  }

  @Test
  void theShippedTableParsesAndHasNoDuplicateLegacyKeysPerKind() {
    List<Rule> rules = SemanticAlignment.shippedRules();

    assertThat(rules).hasSizeGreaterThan(60);
    for (SpanKind kind : List.of(SpanKind.SERVER, SpanKind.CLIENT)) {
      List<String> legacy =
          rules.stream().filter(r -> r.scope().appliesTo(kind)).map(Rule::legacyKey).toList();
      assertThat(legacy).doesNotHaveDuplicates();
    }
  }

  @Test
  void malformedTablesNameTheLine() {
    assertThatThrownBy(() -> SemanticAlignment.parse("# c\na b * -\nx y client -\n", "t.tsv"))
        .hasMessageContaining("t.tsv line 3")
        .hasMessageContaining("'client'");
    assertThatThrownBy(() -> pipeline(new SemanticAlignmentConfig(false, null, null, null)))
        .hasMessageContaining("has nothing to do");
  }
}
