package io.tracemate.pipeline.redaction;

import static io.tracemate.pipeline.TestSpans.attr;
import static io.tracemate.pipeline.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.pipeline.TestPipeline;
import io.tracemate.pipeline.config.RedactionConfig;
import io.tracemate.pipeline.config.RedactionConfig.CustomPattern;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionProcessorTest {

  private static TestPipeline pipeline(RedactionConfig config) {
    return TestPipeline.of("redaction", config);
  }

  private static RedactionConfig only(String pattern) {
    return new RedactionConfig(
        null, null, null, null, null, null, List.of(pattern), null, null, null);
  }

  private static String redact(RedactionConfig config, String value) {
    Span out = pipeline(config).processOne(span(Attribute.of("v", value)));
    return attr(out, "v").asText();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "url_password | postgres://admin:s3cret@db:5432/orders | postgres://admin:****@db:5432/orders",
        "url_password | redis://:p%40ss@cache:6379 | redis://:****@cache:6379",
        "url_password | https://example.com:8443/path@x | https://example.com:8443/path@x",
        "url_password | https://example.com/a | https://example.com/a",
        "bearer_token | Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_ | Bearer ****",
        "bearer_token | Authorization: bearer abcdefgh12345678== | Authorization: bearer ****",
        "bearer_token | the bearer of bad news | the bearer of bad news",
        "bearer_token | Basic dXNlcjpwYXNzd29yZA== | Basic dXNlcjpwYXNzd29yZA==",
        "email | contact alice.wang@example.com.cn now | contact **** now",
        "email | 13812345678@qq.com | ****",
        "email | alice at example dot com, @handle | alice at example dot com, @handle",
        "cn_id_card | id=11010519491231002X; | id=****;",
        "cn_id_card | 440308199003071235 | ****",
        "cn_id_card | 440308199003071234 | 440308199003071234",
        "cn_id_card | 440308199002301238 | 440308199002301238",
        "cn_id_card | 9440308199003071235 | 9440308199003071235",
        "bank_card | card 6217001234567890122 paid | card **** paid",
        "bank_card | 4111 1111 1111 1111 | ****",
        "bank_card | 4111-1111-1111-1111 | ****",
        "bank_card | 6217001234567890123 | 6217001234567890123",
        "bank_card | order 1234567890123 | order 1234567890123",
        "bank_card | 1732195200000000000 | 1732195200000000000",
        "cn_mobile | call 13812345678 now | call **** now",
        "cn_mobile | +86 13912345678 | ****",
        "cn_mobile | 8615012345678 | ****",
        "cn_mobile | 12812345678 | 12812345678",
        "cn_mobile | 138123456789 | 138123456789",
        "cn_mobile | 23812345678 | 23812345678"
      })
  void shippedPatternsMaskRealValuesOnly(String pattern, String value, String expected) {
    assertThat(redact(only(pattern), value)).isEqualTo(expected);
  }

  @Test
  void allShippedPatternsRunByDefaultAndAreCountedPerPattern() {
    TestPipeline pipeline = pipeline(RedactionConfig.defaults());
    Span in =
        span(
            Attribute.of(
                "user", "tel 13812345678, card 6217001234567890122, id 11010519491231002X, a@b.cn"),
            Attribute.of("db.url", "mysql://root:toor@db/shop"),
            Attribute.of("order.id", "20241121000123"),
            Attribute.of("count", 13812345678L));

    Span out = pipeline.processOne(in);

    assertThat(attr(out, "user").asText()).isEqualTo("tel ****, card ****, id ****, ****");
    assertThat(attr(out, "db.url").asText()).isEqualTo("mysql://root:****@db/shop");
    assertThat(attr(out, "order.id").asText()).isEqualTo("20241121000123");
    assertThat(attr(out, "count")).isEqualTo(AttributeValue.of(13812345678L));
    assertThat(pipeline.stats().getFirst().counters())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "url_password",
                1L,
                "bearer_token",
                0L,
                "email",
                1L,
                "cn_id_card",
                1L,
                "bank_card",
                1L,
                "cn_mobile",
                1L,
                "blocked_key_patterns",
                0L,
                "disallowed_keys",
                0L));
  }

  @Test
  void eventAttributesArraysAndMapsAreRedactedToo() {
    Span in =
        span(Attribute.of("phones", "x")).toBuilder()
            .attributes(
                List.of(
                    new Attribute(
                        "phones",
                        new AttributeValue.ArrayValue(
                            List.of(AttributeValue.of("13812345678"), AttributeValue.of("n/a"))))))
            .events(
                List.of(
                    new SpanEvent(
                        5,
                        "exception",
                        List.of(
                            Attribute.of("exception.message", "no account for alice@example.com")),
                        0)))
            .build();

    Span out = pipeline(RedactionConfig.defaults()).processOne(in);

    assertThat(attr(out, "phones").asText()).isEqualTo("[\"****\",\"n/a\"]");
    assertThat(out.events().getFirst().attributes())
        .containsExactly(Attribute.of("exception.message", "no account for ****"));
  }

  @Test
  void allowListDropsOrMasksOtherKeysButKeepsIgnoredOnes() {
    Span in =
        span(
            Attribute.of("http.route", "/pay"),
            Attribute.of("card.holder", "Wang"),
            Attribute.of("trace.note", "ok"));
    RedactionConfig drop =
        new RedactionConfig(
            null,
            List.of("http.route"),
            List.of("trace.note"),
            null,
            null,
            "debug",
            List.of(),
            null,
            null,
            null);
    RedactionConfig mask =
        new RedactionConfig(
            false,
            List.of("http.route"),
            null,
            null,
            null,
            null,
            List.of(),
            null,
            "[REDACTED]",
            "mask");

    Span dropped = pipeline(drop).processOne(in);
    Span masked = pipeline(mask).processOne(in);

    assertThat(dropped.attributes())
        .containsExactly(
            Attribute.of("http.route", "/pay"),
            Attribute.of("trace.note", "ok"),
            Attribute.of("redaction.redacted.keys", "card.holder"),
            Attribute.of("redaction.redacted.count", 1L));
    assertThat(masked.attributes())
        .containsExactly(
            Attribute.of("http.route", "/pay"),
            Attribute.of("card.holder", "[REDACTED]"),
            Attribute.of("trace.note", "[REDACTED]"));
  }

  @Test
  void blockedKeysBlockedValuesAndCustomPatterns() {
    RedactionConfig config =
        new RedactionConfig(
            true,
            null,
            null,
            List.of("SECRET-[0-9]+"),
            List.of("(?i)token"),
            null,
            List.of(),
            List.of(new CustomPattern("employee_id", "(EMP-)[0-9]{6}", "$1******")),
            null,
            null);
    TestPipeline pipeline = pipeline(config);

    Span out =
        pipeline.processOne(
            span(
                Attribute.of("X-Auth-Token", "abc"),
                Attribute.of("note", "EMP-123456 said SECRET-42"),
                Attribute.of("clean", "nothing here")));

    assertThat(out.attributes())
        .containsExactly(
            Attribute.of("X-Auth-Token", "****"),
            Attribute.of("note", "EMP-****** said ****"),
            Attribute.of("clean", "nothing here"));
    assertThat(pipeline.stats().getFirst().counters())
        .containsEntry("employee_id", 1L)
        .containsEntry("blocked_values[0]", 1L)
        .containsEntry("blocked_key_patterns", 1L);
  }

  @Test
  void configuredPatternsAreGoRegexps() {
    // Go's named groups and replacement templates; a pattern that backtracks catastrophically in
    // java.util.regex runs in linear time on a long value
    RedactionConfig config =
        new RedactionConfig(
            true,
            null,
            null,
            List.of("(x+x+)+y"),
            List.of(),
            null,
            List.of(),
            List.of(
                new CustomPattern(
                    "account", "acct=(?P<bank>[A-Z]{4})[0-9]+", "acct=${bank}****$$")),
            null,
            null);
    TestPipeline pipeline = pipeline(config);

    Span out =
        pipeline
            .process(
                List.of(
                    span(
                        Attribute.of("note", "acct=ABCD1234 and acct=WXYZ9"),
                        Attribute.of("long", "x".repeat(50_000)))))
            .getFirst();

    assertThat(out.attributes())
        .containsExactly(
            Attribute.of("note", "acct=ABCD****$ and acct=WXYZ****$"),
            Attribute.of("long", "x".repeat(50_000)));
    // what RE2 refuses, a pasted Collector config refuses too
    RedactionConfig lookahead =
        new RedactionConfig(
            true,
            null,
            null,
            List.of("secret(?=\\d)"),
            List.of(),
            null,
            List.of(),
            List.of(),
            null,
            null);
    assertThatThrownBy(() -> pipeline(lookahead))
        .hasMessageContaining(
            "blocked_values[0]: error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
  }

  @Test
  void aCleanBatchIsReturnedAsIs() {
    List<Span> batch =
        List.of(span(Attribute.of("http.route", "/cart"), Attribute.of("status", 200L)));

    assertThat(pipeline(RedactionConfig.defaults()).process(batch)).isSameAs(batch);
  }

  @Test
  void invalidConfigsAreRefused() {
    RedactionConfig bad =
        new RedactionConfig(
            null,
            null,
            null,
            List.of("("),
            null,
            "verbose",
            List.of("ssn"),
            List.of(new CustomPattern("email", "x", null), new CustomPattern(null, "y", null)),
            null,
            "hide");

    assertThatThrownBy(() -> pipeline(bad))
        .hasMessageContaining("processors.redaction.patterns[0]: unknown pattern 'ssn'")
        .hasMessageContaining("custom_patterns[0].name: 'email' is already used")
        .hasMessageContaining("custom_patterns[1].name: is required")
        .hasMessageContaining("blocked_values[0]: error parsing regexp: missing closing ): `(`")
        .hasMessageContaining("disallowed_keys: 'hide' is not drop or mask")
        .hasMessageContaining("summary: 'verbose' is not silent, info or debug");
  }
}
