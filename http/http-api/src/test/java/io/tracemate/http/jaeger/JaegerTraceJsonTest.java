package io.tracemate.http.jaeger;

import static io.tracemate.http.jaeger.TestTraces.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.http.support.JsonBody;
import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerTraceJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode render(Trace trace) throws Exception {
    return JSON.readTree(JsonBody.bytes(false, out -> JaegerTraceJson.write(out, trace)));
  }

  private static JsonNode traceA() throws Exception {
    return render(
        new Trace(
            TestTraces.TRACE_A,
            List.of(TestTraces.root(), TestTraces.child(), TestTraces.grandchild())));
  }

  @Test
  void traceLevelFields() throws Exception {
    JsonNode trace = traceA();
    assertThat(fieldNames(trace)).containsExactly("traceID", "spans", "processes", "warnings");
    assertThat(trace.get("traceID").asText()).isEqualTo("83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(trace.get("spans")).hasSize(3);
    assertThat(trace.get("warnings").isNull()).isTrue();
  }

  @Test
  void spanFieldsInJaegerOrder() throws Exception {
    JsonNode root = traceA().get("spans").get(0);
    assertThat(fieldNames(root))
        .containsExactly(
            "traceID",
            "spanID",
            "flags",
            "operationName",
            "references",
            "startTime",
            "duration",
            "tags",
            "logs",
            "processID",
            "warnings");
    assertThat(root.get("traceID").asText()).isEqualTo("83a9efd15c1c98a977e0711cc93ee28b");
    assertThat(root.get("spanID").asText()).isEqualTo("e127af99e3b3e074");
    assertThat(root.get("flags").asLong()).isEqualTo(0x301);
    assertThat(root.get("operationName").asText()).isEqualTo("GET /dispatch");
    assertThat(root.get("references").isArray()).isTrue();
    assertThat(root.get("references")).isEmpty();
    assertThat(root.get("startTime").isIntegralNumber()).isTrue();
    assertThat(root.get("startTime").asLong()).isEqualTo(T0 / 1000);
    // 250_000_999 ns is 250_000 whole microseconds.
    assertThat(root.get("duration").asLong()).isEqualTo(250_000);
    assertThat(root.get("processID").asText()).isEqualTo("p1");
    assertThat(root.get("warnings").isNull()).isTrue();
  }

  @Test
  void flagsAreOmittedWhenZero() throws Exception {
    assertThat(traceA().get("spans").get(1).has("flags")).isFalse();
  }

  @Test
  void tagsInTranslatorOrderWithTypes() throws Exception {
    JsonNode tags = traceA().get("spans").get(0).get("tags");
    List<String> rendered = new ArrayList<>();
    for (JsonNode tag : tags) {
      assertThat(fieldNames(tag)).containsExactly("key", "type", "value");
      rendered.add(
          tag.get("key").asText() + "|" + tag.get("type").asText() + "|" + tag.get("value"));
    }
    assertThat(rendered)
        .containsExactly(
            "otel.scope.name|string|\"io.example.http\"",
            "otel.scope.version|string|\"1.2.3\"",
            "http.method|string|\"GET\"",
            "http.status_code|int64|500",
            "big|int64|\"" + TestTraces.BIG + "\"",
            "negative.big|int64|\"" + -TestTraces.BIG + "\"",
            "ratio|float64|0.25",
            "cached|bool|false",
            "raw|binary|\"AQID\"",
            "list|string|\"[\\\"a\\\",1]\"",
            "map|string|\"{\\\"k\\\":\\\"v\\\"}\"",
            "span.kind|string|\"server\"",
            "otel.status_code|string|\"ERROR\"",
            "error|bool|true",
            "otel.status_description|string|\"boom\"",
            "w3c.tracestate|string|\"vendor=abc\"");
    assertThat(tags.get(3).get("value").isIntegralNumber()).isTrue();
    assertThat(tags.get(13).get("value").isBoolean()).isTrue();
  }

  @Test
  void int64AtTheSafeLimitStaysANumber() throws Exception {
    Span span =
        TestTraces.bRoot().toBuilder()
            .attributes(
                List.of(
                    io.tracemate.model.Attribute.of("max.safe", JaegerTraceJson.MAX_SAFE_INTEGER),
                    io.tracemate.model.Attribute.of("min.safe", -JaegerTraceJson.MAX_SAFE_INTEGER),
                    io.tracemate.model.Attribute.of("unsafe", JaegerTraceJson.MAX_SAFE_INTEGER + 1),
                    io.tracemate.model.Attribute.of("min.long", Long.MIN_VALUE),
                    io.tracemate.model.Attribute.of("nan", Double.NaN)))
            .build();
    JsonNode tags =
        render(new Trace(span.traceId(), List.of(span))).get("spans").get(0).get("tags");
    assertThat(tags.get(0).get("value").isNumber()).isTrue();
    assertThat(tags.get(1).get("value").asLong()).isEqualTo(-JaegerTraceJson.MAX_SAFE_INTEGER);
    assertThat(tags.get(2).get("value").isTextual()).isTrue();
    assertThat(tags.get(2).get("value").asText()).isEqualTo("9007199254740992");
    assertThat(tags.get(3).get("value").asText()).isEqualTo(Long.toString(Long.MIN_VALUE));
    assertThat(tags.get(4).get("type").asText()).isEqualTo("float64");
    assertThat(tags.get(4).get("value").asText()).isEqualTo("NaN");
  }

  @Test
  void unspecifiedKindAndUnsetStatusAddNoTags() throws Exception {
    Span span = TestTraces.bRoot();
    JsonNode s = render(new Trace(span.traceId(), List.of(span))).get("spans").get(0);
    assertThat(s.get("tags")).isEmpty();
    assertThat(s.get("logs")).isEmpty();
  }

  @Test
  void okStatusHasNoErrorTag() throws Exception {
    JsonNode tags = traceA().get("spans").get(1).get("tags");
    assertThat(tags).hasSize(2);
    assertThat(tags.get(0).get("key").asText()).isEqualTo("span.kind");
    assertThat(tags.get(0).get("value").asText()).isEqualTo("client");
    assertThat(tags.get(1).get("key").asText()).isEqualTo("otel.status_code");
    assertThat(tags.get(1).get("value").asText()).isEqualTo("OK");
  }

  @Test
  void referencesParentFirstThenLinks() throws Exception {
    JsonNode refs = traceA().get("spans").get(1).get("references");
    assertThat(refs).hasSize(3);
    // The link to the parent (follows_from) overrides the parent reference's type instead of adding
    // one.
    assertRef(refs.get(0), "FOLLOWS_FROM", "83a9efd15c1c98a977e0711cc93ee28b", "e127af99e3b3e074");
    assertRef(refs.get(1), "FOLLOWS_FROM", "11111111111111112222222222222222", "3333333333333333");
    // A 64-bit trace ID is 16 characters; opentracing.ref_type=child_of makes a CHILD_OF link.
    assertRef(refs.get(2), "CHILD_OF", "00000000000abcde", "00000000000000b1");
    assertThat(fieldNames(refs.get(0))).containsExactly("refType", "traceID", "spanID");

    JsonNode grandchildRefs = traceA().get("spans").get(2).get("references");
    assertThat(grandchildRefs).hasSize(1);
    assertRef(
        grandchildRefs.get(0), "CHILD_OF", "83a9efd15c1c98a977e0711cc93ee28b", "909541b92cf05311");
  }

  @Test
  void eventsBecomeLogs() throws Exception {
    JsonNode logs = traceA().get("spans").get(0).get("logs");
    assertThat(logs).hasSize(2);
    assertThat(fieldNames(logs.get(0))).containsExactly("timestamp", "fields");
    assertThat(logs.get(0).get("timestamp").asLong()).isEqualTo((T0 + 1_000) / 1000);
    assertThat(logs.get(0).get("fields").toString())
        .isEqualTo(
            "[{\"key\":\"event\",\"type\":\"string\",\"value\":\"cache miss\"},"
                + "{\"key\":\"key\",\"type\":\"string\",\"value\":\"user:1\"}]");
    // An event attribute called "event" replaces the name.
    assertThat(logs.get(1).get("fields").toString())
        .isEqualTo(
            "[{\"key\":\"event\",\"type\":\"string\",\"value\":\"custom\"},"
                + "{\"key\":\"level\",\"type\":\"string\",\"value\":\"warn\"}]");
  }

  @Test
  void oneProcessPerDistinctResource() throws Exception {
    JsonNode trace = traceA();
    assertThat(trace.get("spans").get(1).get("processID").asText()).isEqualTo("p2");
    // Another Resource object with the same attributes is the same process.
    assertThat(trace.get("spans").get(2).get("processID").asText()).isEqualTo("p1");
    JsonNode processes = trace.get("processes");
    assertThat(fieldNames(processes)).containsExactly("p1", "p2");
    assertThat(processes.get("p1").toString())
        .isEqualTo(
            "{\"serviceName\":\"frontend\",\"tags\":["
                + "{\"key\":\"host.name\",\"type\":\"string\",\"value\":\"web-1\"},"
                + "{\"key\":\"process.pid\",\"type\":\"int64\",\"value\":4242}]}");
    assertThat(processes.get("p2").toString())
        .isEqualTo("{\"serviceName\":\"driver\",\"tags\":[]}");
  }

  @Test
  void resourceWithoutServiceName() throws Exception {
    Span span = TestTraces.cRoot();
    JsonNode trace = render(new Trace(span.traceId(), List.of(span)));
    assertThat(trace.get("traceID").asText()).isEqualTo("0000000000000001ffffffffffffffff");
    assertThat(trace.get("processes").get("p1").toString())
        .isEqualTo(
            "{\"serviceName\":\"OTLPResourceNoServiceName\",\"tags\":["
                + "{\"key\":\"host.name\",\"type\":\"string\",\"value\":\"batch-7\"}]}");
  }

  @Test
  void traceIdTextFollowsJaegersSixteenOrThirtyTwoRule() {
    assertThat(JaegerTraceJson.traceIdHex(new TraceId(0, 1))).isEqualTo("0000000000000001");
    assertThat(JaegerTraceJson.traceIdHex(new TraceId(1, 0)))
        .isEqualTo("00000000000000010000000000000000");
    assertThat(JaegerTraceJson.traceIdHex(new TraceId(-1, -1)))
        .isEqualTo("ffffffffffffffffffffffffffffffff");
  }

  private static void assertRef(JsonNode ref, String type, String traceId, String spanId) {
    assertThat(ref.get("refType").asText()).isEqualTo(type);
    assertThat(ref.get("traceID").asText()).isEqualTo(traceId);
    assertThat(ref.get("spanID").asText()).isEqualTo(spanId);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
