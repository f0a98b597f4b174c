package io.tracemate.logql.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each pipeline stage on single lines: what it keeps, the labels it leaves, the line it writes. */
class PipelineStagesTest {
  private static final LabelSet STREAM = LabelSet.of("app", "api", "level", "stream-level");

  /** pipeline (after the selector), input line, expected labels (null = dropped), expected line (null = same). */
  static Stream<Arguments> cases() {
    return Stream.of(
        // line filters
        arguments("|= \"err\"", "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("|= \"err\"", "all good", null, null),
        arguments("!= \"err\"", "an error", null, null),
        arguments("|~ \"e[r]+o\"", "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("|~ \"^error\"", "an error", null, null),
        // Go's RE2: literal patterns decide without the regex, (?i) pre-filters, POSIX classes,
        // Go's named groups
        arguments("|~ \"warn|err\"", "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("|~ \"warn|fatal\"", "an error", null, null),
        arguments("|~ \".*rro.*\"", "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("|~ \"(?i)AN ERR\"", "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("!~ \"(?i)AN ERR\"", "an error", null, null),
        arguments(
            "|~ \"[[:alpha:]]+ [[:alpha:]]{5}$\"",
            "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments(
            "| regexp \"(?<word>[a-z]+)$\"",
            "an error",
            "{app=\"api\", level=\"stream-level\", word=\"error\"}",
            null),
        arguments("!~ \"(?i)ERROR\"", "an error", null, null),
        arguments("|= \"x\" or \"err\"", "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("!= \"x\" or \"err\"", "an error", null, null),
        arguments("|> \"<_> error\"", "an error", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("|> \"error <_>\"", "an error", null, null),
        arguments(
            "|= ip(\"::1\")", "from ::1 port 80", "{app=\"api\", level=\"stream-level\"}", null),
        arguments("|= ip(\"10.0.0.0/8\")", "from 11.0.0.1", null, null),
        // json
        arguments(
            "| json",
            "{\"a\":{\"b\":{\"c\":1.50}},\"ok\":true,\"n\":null,\"arr\":[1,2]}",
            "{a_b_c=\"1.50\", app=\"api\", level=\"stream-level\", ok=\"true\"}",
            null),
        arguments(
            "| json",
            "{\"msg\":\"tab\\there \\\"q\\\" \\u00e9\"}",
            "{app=\"api\", level=\"stream-level\", msg=\"tab\\there \\\"q\\\" \u00e9\"}",
            null),
        arguments(
            "| json",
            "{\"a-b\":\"1\",\"1x\":\"2\",\"level\":\"info\",\"app\":{\"x\":\"y\"}}",
            "{_1x=\"2\", a_b=\"1\", app=\"api\", app_x=\"y\", level=\"stream-level\", level_extracted=\"info\"}",
            null),
        arguments(
            "| json | drop __error_details__",
            "[1,2]",
            "{__error__=\"JSONParserErr\", app=\"api\", level=\"stream-level\"}",
            null),
        arguments(
            "| json | drop __error_details__",
            "{\"a\":",
            "{__error__=\"JSONParserErr\", app=\"api\", " + "level=\"stream-level\"}",
            null),
        arguments(
            "| json first=\"list[0]\", deep=`a[\"b c\"]`, whole=\"a\"",
            "{\"list\":[\"x\",\"y\"],\"a\":{\"b c\":7}}",
            "{app=\"api\", deep=\"7\", first=\"x\", level=\"stream-level\", whole=\"{\\\"b c\\\":7}\"}",
            null),
        // logfmt
        arguments(
            "| logfmt",
            "a=1 b=\"two words\" c=\"esc \\\"q\\\"\" flag d=",
            "{a=\"1\", app=\"api\", b=\"two words\", c=\"esc \\\"q\\\"\", level=\"stream-level\"}",
            null),
        arguments(
            "| logfmt --keep-empty",
            "a=1 flag d=",
            "{a=\"1\", app=\"api\", d=\"\", flag=\"\", level=\"stream-level\"}",
            null),
        arguments(
            "| logfmt",
            "a=1 =bad b=2 level=warn",
            "{a=\"1\", app=\"api\", b=\"2\", level=\"stream-level\", "
                + "level_extracted=\"warn\"}",
            null),
        arguments(
            "| logfmt --strict | drop __error_details__",
            "a=1 =bad b=2",
            "{__error__=\"LogfmtParserErr\", a=\"1\", app=\"api\", level=\"stream-level\"}",
            null),
        arguments(
            "| logfmt x=\"a\", b",
            "a=1 b=2 c=3",
            "{app=\"api\", b=\"2\", level=\"stream-level\", x=\"1\"}",
            null),
        arguments(
            "| logfmt x=\"a\", b",
            "c=3 b",
            "{app=\"api\", b=\"\", level=\"stream-level\", x=\"\"}",
            null),
        // regexp
        arguments(
            "| regexp \"(?P<method_name>\\\\w+) (\\\\d+) (?P<code>\\\\d+)\"",
            "GET 10 200",
            "{app=\"api\", code=\"200\", level=\"stream-level\", method_name=\"GET\"}",
            null),
        arguments(
            "| regexp \"(?P<code>\\\\d{3})\"",
            "no digits", "{app=\"api\", level=\"stream-level\"}", null),
        arguments(
            "| regexp \"(?P<level>\\\\w+):\"",
            "warn: x",
            "{app=\"api\", level=\"stream-level\", level_extracted=\"warn\"}",
            null),
        // pattern
        arguments(
            "| pattern \"<method> <path> took <ms>ms\"",
            "GET /x took 12ms",
            "{app=\"api\", level=\"stream-level\", method=\"GET\", ms=\"12\", path=\"/x\"}",
            null),
        arguments(
            "| pattern \"<method> <path> took <ms>ms\"",
            "GET /x",
            "{app=\"api\", level=\"stream-level\", method=\"GET\", path=\"/x\"}",
            null),
        arguments(
            "| pattern \"[<_>] <msg>\"",
            "no bracket",
            "{app=\"api\", level=\"stream-level\"}",
            null),
        // unpack
        arguments(
            "| unpack",
            "{\"_entry\":\"inner line\",\"pod\":\"p1\",\"n\":3}",
            "{app=\"api\", level=\"stream-level\", pod=\"p1\"}",
            "inner line"),
        // label filters
        arguments(
            "| logfmt | n > 2.5", "n=3", "{app=\"api\", level=\"stream-level\", n=\"3\"}", null),
        arguments("| logfmt | n > 2.5", "n=2", null, null),
        arguments("| logfmt | n > 2.5", "m=9", null, null),
        arguments(
            "| logfmt | n > 2.5 | drop __error_details__",
            "n=abc",
            "{__error__=\"LabelFilterErr\", app=\"api\", level=\"stream-level\", n=\"abc\"}",
            null),
        arguments(
            "| logfmt | n == 1e3",
            "n=1000",
            "{app=\"api\", level=\"stream-level\", n=\"1000\"}",
            null),
        arguments(
            "| logfmt | d >= 1m30s",
            "d=90s",
            "{app=\"api\", d=\"90s\", level=\"stream-level\"}",
            null),
        arguments(
            "| logfmt | d < 1ms",
            "d=999us",
            "{app=\"api\", d=\"999us\", level=\"stream-level\"}",
            null),
        arguments(
            "| logfmt | s > 1KiB",
            "s=1.1kb",
            "{app=\"api\", level=\"stream-level\", s=\"1.1kb\"}",
            null),
        arguments("| logfmt | s > 1KiB", "s=1000B", null, null),
        arguments(
            "| logfmt | a=\"1\" or b=\"2\", c=\"3\"",
            "b=2 c=3",
            "{app=\"api\", b=\"2\", c=\"3\", level=\"stream-level\"}",
            null),
        arguments("| logfmt | a=\"1\" or b=\"2\", c=\"3\"", "b=2 c=4", null, null),
        arguments("| json | n > 1 | __error__=\"\"", "not json", null, null),
        // formatting
        arguments(
            "| logfmt | line_format \"{{.a}}-{{.missing}}\"",
            "a=1",
            "{a=\"1\", app=\"api\", " + "level=\"stream-level\"}",
            "1-"),
        arguments(
            "| logfmt | line_format \"{{ eq .a 1 }}\" | drop __error_details__",
            "a=1",
            "{__error__=\"TemplateFormatErr\", a=\"1\", app=\"api\", level=\"stream-level\"}",
            "a=1"),
        arguments(
            "| logfmt | label_format c=`{{.a}}{{.a}}`, b=a",
            "a=1",
            "{app=\"api\", b=\"1\", c=\"11\", level=\"stream-level\"}",
            null),
        // a rename before a template: the template no longer sees the source label (items apply in
        // order)
        arguments(
            "| logfmt | label_format b=a, c=`{{.a}}|{{.b}}`",
            "a=1",
            "{app=\"api\", b=\"1\", c=\"|1\", level=\"stream-level\"}",
            null),
        arguments(
            "| label_format level=`{{ .level | ToUpper }}`",
            "x",
            "{app=\"api\", level=\"STREAM-LEVEL\"}",
            null),
        arguments(
            "| logfmt | drop a, level=~\"stream.*\"", "a=1 b=2", "{app=\"api\", b=\"2\"}", null),
        arguments("| logfmt | keep a, app=\"web\"", "a=1 b=2", "{a=\"1\"}", null),
        arguments(
            "| decolorize",
            "\u001B[1;31mred\u001B[0m plain",
            "{app=\"api\", level=\"stream-level\"}",
            "red plain"));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void stage(String pipeline, String line, String expectedLabels, String expectedLine) {
    Pipeline compiled =
        Pipeline.compile(LogQL.parseLogQuery("{app=\"api\"} " + pipeline).pipeline());
    LabelsBuilder result = compiled.process(STREAM, new LogEntry(1, line));
    if (expectedLabels == null) {
      assertThat(result).as("dropped").isNull();
      return;
    }
    assertThat(result).as("kept").isNotNull();
    assertThat(result.toLabelSet().toString()).isEqualTo(expectedLabels);
    assertThat(result.line()).isEqualTo(expectedLine == null ? line : expectedLine);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushdownCases")
  void pushesDownWhatEveryLineOfTheLeadingFiltersContains(
      String pipeline, java.util.List<String> expected) {
    assertThat(
            Pipeline.compile(LogQL.parseLogQuery("{app=\"api\"} " + pipeline).pipeline())
                .requiredSubstrings())
        .isEqualTo(expected);
  }

  static Stream<Arguments> pushdownCases() {
    return Stream.of(
        arguments("|= \"a\" |= \"b\"", java.util.List.of("a", "b")),
        arguments("|= \"a\" != \"b\" |~ \"c\" |= \"d\"", java.util.List.of("a", "c", "d")),
        // a regex gives the literals every match contains; alternatives, (?i) and negations give
        // nothing
        arguments(
            "|~ \"error.*timeout\" |~ `status=5\\d\\d`",
            java.util.List.of("timeout", "error", "status=5")),
        arguments("|~ \"PaymentGateway(Timeout|Declined)\"", java.util.List.of()),
        arguments("|~ \"(?i)timeout\" !~ \"debug\" |~ \"a\" or \"b\"", java.util.List.of()),
        arguments("|= \"a\" or \"b\"", java.util.List.of()),
        arguments("|= \"\"", java.util.List.of()),
        arguments("| json |= \"a\"", java.util.List.of()),
        arguments("|= \"a\" | line_format \"x\" |= \"b\"", java.util.List.of("a")));
  }

  @org.junit.jupiter.api.Test
  void structuredMetadataBecomesLabels() {
    Pipeline pipeline =
        Pipeline.compile(LogQL.parseLogQuery("{app=\"api\"} | trace_id=\"t1\"").pipeline());
    LabelsBuilder result =
        pipeline.process(STREAM, new LogEntry(1, "x", LabelSet.of("trace_id", "t1")));
    assertThat(result.toLabelSet().get("trace_id")).isEqualTo("t1");
    assertThat(pipeline.process(STREAM, new LogEntry(1, "x", LabelSet.of("trace_id", "t2"))))
        .isNull();
  }
}
