package io.tracemate.pipeline.attributes;

import static io.tracemate.pipeline.TestSpans.action;
import static io.tracemate.pipeline.TestSpans.attr;
import static io.tracemate.pipeline.TestSpans.convert;
import static io.tracemate.pipeline.TestSpans.fromAttribute;
import static io.tracemate.pipeline.TestSpans.span;
import static io.tracemate.pipeline.TestSpans.withPattern;
import static io.tracemate.pipeline.TestSpans.withValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.pipeline.TestPipeline;
import io.tracemate.pipeline.config.ActionConfig;
import io.tracemate.pipeline.config.AttributesConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttributeActionsTest {

  static Span apply(Span span, ActionConfig... actions) {
    return pipeline(actions).processOne(span);
  }

  private static TestPipeline pipeline(ActionConfig... actions) {
    return TestPipeline.of("attributes", new AttributesConfig(List.of(actions), null, null));
  }

  private static List<String> keys(Span span) {
    return span.attributes().stream().map(Attribute::key).toList();
  }

  @Test
  void insertAddsOnlyMissingKeys() {
    Span out =
        apply(
            span(Attribute.of("env", "prod")),
            withValue("insert", "env", "dev"),
            withValue("insert", "account_id", 2245));

    assertThat(attr(out, "env")).isEqualTo(AttributeValue.of("prod"));
    assertThat(attr(out, "account_id")).isEqualTo(AttributeValue.of(2245L));
  }

  @Test
  void updateChangesOnlyExistingKeys() {
    Span out =
        apply(
            span(Attribute.of("env", "prod")),
            withValue("update", "env", "dev"),
            withValue("update", "missing", true));

    assertThat(attr(out, "env")).isEqualTo(AttributeValue.of("dev"));
    assertThat(attr(out, "missing")).isNull();
  }

  @Test
  void upsertInsertsOrUpdates() {
    Span out =
        apply(
            span(Attribute.of("env", "prod")),
            withValue("upsert", "env", "dev"),
            withValue("upsert", "redacted_span", true),
            withValue("upsert", "ratio", 0.5),
            withValue("upsert", "tags", List.of("a", "b")));

    assertThat(attr(out, "env")).isEqualTo(AttributeValue.of("dev"));
    assertThat(attr(out, "redacted_span")).isEqualTo(AttributeValue.of(true));
    assertThat(attr(out, "ratio")).isEqualTo(AttributeValue.of(0.5));
    assertThat(attr(out, "tags").asText()).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void fromAttributeCopiesAndFallsBackToDefaultValue() {
    Span out =
        apply(
            span(Attribute.of("cloud.region", "cn-north-1")),
            fromAttribute("insert", "region", "cloud.region", null),
            fromAttribute("insert", "zone", "cloud.zone", "cn-north-1a"),
            fromAttribute("insert", "tenant", "tenant.id", null));

    assertThat(attr(out, "region")).isEqualTo(AttributeValue.of("cn-north-1"));
    assertThat(attr(out, "zone")).isEqualTo(AttributeValue.of("cn-north-1a"));
    assertThat(attr(out, "tenant")).isNull();
  }

  @Test
  void deleteRemovesTheKeyAndEveryKeyThePatternFinds() {
    Span out =
        apply(
            span(
                Attribute.of("db.table", "t"),
                Attribute.of("account_password", "x"),
                Attribute.of("user_password_hint", "y"),
                Attribute.of("keep", "z")),
            action("delete", "db.table"),
            withPattern("delete", null, "password"));

    assertThat(keys(out)).containsExactly("keep");
  }

  @ParameterizedTest
  @MethodSource
  void hashIsTheCollectorsSha256(AttributeValue value, String expected) {
    Span out = apply(span(new Attribute("v", value)), action("hash", "v"));

    assertThat(attr(out, "v")).isEqualTo(AttributeValue.of(expected));
  }

  static Stream<Arguments> hashIsTheCollectorsSha256() {
    return Stream.of(
        Arguments.of(
            AttributeValue.of("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Arguments.of(
            AttributeValue.of(42L),
            "ed049108bc18f2c64369e8d0ea42850bdd1a7d1dd340cfde716315579702a76c"),
        Arguments.of(
            AttributeValue.of(true),
            "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a"),
        Arguments.of(
            AttributeValue.of(1.5),
            "e163f8cb0f7067a7fc78ca859a77f849aea3214f38fb75b884e4a16be725c905"),
        Arguments.of(AttributeValue.of(""), ""));
  }

  @Test
  void hashByPatternHashesEachMatchingKeyOnce() {
    Span out =
        apply(
            span(Attribute.of("user.email", "abc"), Attribute.of("other", "abc")),
            new ActionConfig("user.email", "hash", null, null, null, null, "email", null));

    assertThat(attr(out, "user.email").asText()).startsWith("ba7816bf");
    assertThat(attr(out, "other")).isEqualTo(AttributeValue.of("abc"));
  }

  @Test
  void extractWritesNamedGroupsAndKeepsTheSource() {
    Span out =
        apply(
            span(Attribute.of("http.url", "/api/v2/users/42?x=1"), Attribute.of("version", "old")),
            withPattern(
                "extract",
                "http.url",
                "^/api/(?P<version>v[0-9]+)/users/(?<user_id>[0-9]+)(?<frag>#.*)?"));

    assertThat(attr(out, "version")).isEqualTo(AttributeValue.of("v2"));
    assertThat(attr(out, "user_id")).isEqualTo(AttributeValue.of("42"));
    assertThat(attr(out, "frag")).isEqualTo(AttributeValue.of(""));
    assertThat(attr(out, "http.url")).isEqualTo(AttributeValue.of("/api/v2/users/42?x=1"));
  }

  @Test
  void extractIgnoresNonStringsAndNonMatches() {
    Span in = span(Attribute.of("code", 42L), Attribute.of("path", "/health"));

    Span out =
        apply(
            in,
            withPattern("extract", "code", "(?<digit>[0-9])"),
            withPattern("extract", "path", "^/api/(?<version>v[0-9]+)"));

    assertThat(out).isSameAs(in);
  }

  @ParameterizedTest
  @MethodSource
  void convertFollowsTheCollector(AttributeValue in, String type, AttributeValue expected) {
    Span out = apply(span(new Attribute("v", in)), convert("v", type));

    assertThat(attr(out, "v")).isEqualTo(expected);
  }

  static Stream<Arguments> convertFollowsTheCollector() {
    return Stream.of(
        Arguments.of(AttributeValue.of("200"), "int", AttributeValue.of(200L)),
        Arguments.of(AttributeValue.of("+7"), "int", AttributeValue.of(7L)),
        Arguments.of(AttributeValue.of("2.5"), "int", AttributeValue.of("2.5")),
        Arguments.of(AttributeValue.of("abc"), "int", AttributeValue.of("abc")),
        Arguments.of(AttributeValue.of(2.9), "int", AttributeValue.of(2L)),
        Arguments.of(AttributeValue.of(true), "int", AttributeValue.of(1L)),
        Arguments.of(AttributeValue.of("2.5"), "double", AttributeValue.of(2.5)),
        Arguments.of(AttributeValue.of("1e3"), "double", AttributeValue.of(1000.0)),
        Arguments.of(AttributeValue.of(" 2"), "double", AttributeValue.of(" 2")),
        Arguments.of(AttributeValue.of(3L), "double", AttributeValue.of(3.0)),
        Arguments.of(AttributeValue.of(200L), "string", AttributeValue.of("200")),
        Arguments.of(AttributeValue.of(2.0), "string", AttributeValue.of("2")),
        Arguments.of(AttributeValue.of(0.25), "string", AttributeValue.of("0.25")),
        Arguments.of(AttributeValue.of(false), "string", AttributeValue.of("false")),
        Arguments.of(AttributeValue.of("True"), "bool", AttributeValue.of(true)),
        Arguments.of(AttributeValue.of("0"), "bool", AttributeValue.of(false)),
        Arguments.of(AttributeValue.of("yes"), "bool", AttributeValue.of("yes")),
        Arguments.of(AttributeValue.of(5L), "bool", AttributeValue.of(true)));
  }

  @Test
  void renameMovesTheValueUnlessTheNewKeyExists() {
    Span out =
        apply(
            span(
                Attribute.of("http.url", "https://a/b"),
                Attribute.of("http.method", "GET"),
                Attribute.of("http.request.method", "POST")),
            fromAttribute("rename", "url.full", "http.url", null),
            fromAttribute("rename", "http.request.method", "http.method", null),
            fromAttribute("rename", "x.new", "x.absent", null));

    assertThat(keys(out)).containsExactly("http.request.method", "url.full");
    assertThat(attr(out, "url.full")).isEqualTo(AttributeValue.of("https://a/b"));
    assertThat(attr(out, "http.request.method")).isEqualTo(AttributeValue.of("POST"));
  }

  @Test
  void actionsRunInOrder() {
    Span out =
        apply(
            span(),
            withValue("insert", "user.email", "abc"),
            action("hash", "user.email"),
            fromAttribute("rename", "user.email_hash", "user.email", null));

    assertThat(keys(out)).containsExactly("user.email_hash");
    assertThat(attr(out, "user.email_hash").asText()).startsWith("ba7816bf");
  }

  @Test
  void anUntouchedSpanAndBatchAreReturnedAsIs() {
    Span in = span(Attribute.of("env", "prod"));
    List<Span> batch = List.of(in);
    TestPipeline pipeline = pipeline(withValue("insert", "env", "dev"), action("delete", "absent"));

    assertThat(pipeline.process(batch)).isSameAs(batch);
  }

  @Test
  void resourceAttributesAreNotTouched() {
    Span out = apply(span(), withValue("upsert", "service.name", "renamed"));

    assertThat(out.serviceName()).isEqualTo("checkout");
    assertThat(attr(out, "service.name")).isEqualTo(AttributeValue.of("renamed"));
  }
}
