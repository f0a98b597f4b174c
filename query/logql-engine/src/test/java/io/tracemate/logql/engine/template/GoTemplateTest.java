package io.tracemate.logql.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tracemate.logql.engine.QueryEvaluationException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Go template subset: syntax, functions with sprig's argument order, Go's printing. */
class GoTemplateTest {
  private static final Map<String, String> LABELS =
      Map.of(
          "name",
          "Checkout-Service",
          "status",
          "503",
          "path",
          "/api/v1/orders",
          "empty",
          "",
          "ms",
          "1500",
          "ratio",
          "0.25");

  /** 2023-11-14T22:13:20.123456789Z. */
  private static final long TS = 1_700_000_000_123_456_789L;

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("plain text", "plain text"),
        arguments("{{.name}}", "Checkout-Service"),
        arguments("{{ .missing }}|", "|"),
        arguments("{{ .name | ToLower }} {{ ToUpper .name }}", "checkout-service CHECKOUT-SERVICE"),
        arguments("{{ .name | lower | title }}", "Checkout-Service"),
        arguments("{{ Replace .path \"/\" \".\" 2 }}", ".api.v1/orders"),
        arguments("{{ .path | replace \"/\" \".\" }}", ".api.v1.orders"),
        arguments(
            "{{ Trim \"--x--\" \"-\" }} {{ TrimLeft \"--x--\" \"-\" }} {{ TrimRight \"--x--\" \"-\" }}",
            "x x-- --x"),
        arguments(
            "{{ TrimPrefix .path \"/api\" }} {{ .path | trimPrefix \"/api\" }} {{ .path | trimSuffix \"s\" }}",
            "/v1/orders /v1/orders /api/v1/order"),
        arguments(
            "{{ trim \"  a  \" }}|{{ TrimSpace \"\\tb \" }}|{{ trimAll \"x\" \"xxaxx\" }}",
            "a|b|a"),
        arguments(
            "{{ trunc 5 .name }} {{ trunc -7 .name }} {{ trunc 99 .status }}", "Check Service 503"),
        arguments(
            "{{ substr 0 3 .name }} {{ substr 9 -1 .name }} {{ substr -1 2 .name }}",
            "Che Service Ch"),
        arguments(
            "{{ contains \"Service\" .name }} {{ hasPrefix \"/api\" .path }} {{ hasSuffix \"x\" .path }}",
            "true true false"),
        arguments("{{ .empty | default \"none\" }} {{ default \"none\" .status }}", "none 503"),
        arguments(
            "{{ regexReplaceAll \"v(\\\\d)\" .path \"version-${1}\" }}", "/api/version-1/orders"),
        arguments("{{ regexReplaceAll \"(?P<first>[a-z]+)\" \"ab cd\" \"<$1>\" }}", "<ab> <cd>"),
        arguments("{{ regexReplaceAllLiteral \"o\" .path \"$1\" }}", "/api/v1/$1rders"),
        arguments("{{ count \"[aeiou]\" .name }}", "6"),
        arguments("{{ if eq .status \"503\" }}down{{ else }}up{{ end }}", "down"),
        arguments("{{ if eq .status \"200\" \"503\" }}listed{{ end }}", "listed"),
        arguments(
            "{{ if ne .status \"503\" }}a{{ else if gt (int .status) 500 }}b{{ else }}c{{ end }}",
            "b"),
        arguments(
            "{{ if and .empty .name }}x{{ else }}y{{ end }}{{ if or .empty .name }}z{{ end }}",
            "yz"),
        arguments("{{ if not .empty }}no-empty{{ end }}", "no-empty"),
        arguments(
            "{{ if le 1 2 }}le{{ end }}{{ if ge 2.5 2.5 }}ge{{ end }}{{ if lt \"a\" \"b\" }}lt{{ end }}",
            "legelt"),
        arguments("{{ and 1 0 2 }} {{ or 0 \"\" \"x\" }}", "0 x"),
        arguments("{{ len .name }} {{ len \"é\" }}", "16 2"),
        arguments(
            "{{ printf \"%s=%d %.2f %q %5s|%-4s| %x %t %v%%\" \"a\" 42 3.14159 \"q\" \"r\" \"l\" 255 true 1.5 }}",
            "a=42 3.14 \"q\"     r|l   | ff true 1.5%"),
        arguments("{{ printf \"%d\" \"x\" }} {{ printf \"%s\" }}", "%!d(string=x) %!s(MISSING)"),
        arguments(
            "{{ add 1 2 3 }} {{ sub .status 3 }} {{ mul 2 \"4\" }} {{ div 7 2 }} {{ mod 7 2 }}",
            "6 500 8 3 1"),
        arguments(
            "{{ addf 1.5 1 }} {{ subf 5 0.5 }} {{ mulf .ratio 4 }} {{ divf 1 4 }} {{ divf 1 3 }}",
            "2.5 4.5 1 0.25 0.3333333333333333"),
        arguments(
            "{{ max 1 9 3 }} {{ min 4 2 8 }} {{ maxf 1.5 2 }} {{ minf 1.5 2 }} {{ ceil 1.2 }} {{ floor 1.8 }}",
            "9 2 2 1.5 2 1"),
        arguments(
            "{{ round 2.345 2 }} {{ float64 \"2\" }} {{ int \"12.7\" }} {{ mulf 1000000 1 }} {{ divf 1 100000 }}",
            "2.35 2 12 1e+06 1e-05"),
        arguments("{{ __line__ }}", "the line"),
        arguments(
            "{{ __timestamp__ | unixEpoch }} {{ unixEpochMillis __timestamp__ }} {{ __timestamp__ | unixEpochNanos }}",
            "1700000000 1700000000123 1700000000123456789"),
        arguments(
            "{{ date \"2006-01-02 15:04:05.000\" __timestamp__ }}", "2023-11-14 22:13:20.123"),
        arguments(
            "{{ __timestamp__ | date \"Mon Jan 2 3:4:5 pm MST 06 .999999 002\" }}",
            "Tue Nov 14 10:13:20 pm UTC 23 .123456 318"),
        arguments(
            "{{ __timestamp__ | date \"Monday, 02-January-2006 15h -07:00\" }}",
            "Tuesday, 14-November-2023 22h +00:00"),
        arguments(
            "{{ toDate \"2006-01-02T15:04:05Z07:00\" \"2023-11-14T23:13:20+01:00\" | unixEpoch }}",
            "1700000000"),
        arguments(
            "{{ toDate \"02/Jan/2006:15:04:05 -0700\" \"14/Nov/2023:22:13:20 +0000\" | unixEpoch }}",
            "1700000000"),
        arguments("{{ toDate \"2006-01-02\" \"garbage\" | unixEpoch }}", "-62135596800"),
        arguments(
            "{{ unixToTime \"1700000000\" | unixEpoch }} {{ unixToTime \"1700000000123\" | unixEpochMillis }}",
            "1700000000 1700000000123"),
        arguments(
            "{{ .path | b64enc }} {{ \"L2E=\" | b64dec }} {{ urlencode \"a b/c\" }} {{ urldecode \"a%20b\" }}",
            "L2FwaS92MS9vcmRlcnM= /a a+b%2Fc a b"),
        arguments(
            "[{{ alignLeft 6 .status }}][{{ alignRight 6 .status }}][{{ alignLeft 2 .status }}]",
            "[503   ][   503][50]"),
        arguments("{{ repeat 3 \"ab\" }} {{ indent 2 \"a\\nb\" }}", "ababab   a\n  b"),
        arguments("a {{- \" b \" -}} c {{- /* comment */ -}} d", "a b cd"),
        arguments("{{ `raw \\n` }}{{ \"esc\\t\" }}", "raw \\nesc\t"),
        arguments(
            "{{ (print \"a\" 1 2 \"b\") }} {{ true }} {{ 1.0 }} {{ -3 }} {{ nil }}",
            "a1 2b true 1 -3 <no value>"),
        arguments("{{ if .empty }}{{ else if .missing }}{{ else }}{{ .status }}{{ end }}", "503"),
        arguments("{{ if .name }}{{ if eq .status \"503\" }}nested{{ end }}{{ end }}", "nested"),
        arguments(
            "{{ . }}",
            "map[empty: ms:1500 name:Checkout-Service path:/api/v1/orders ratio:0.25 status:503]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evaluates(String template, String expected) {
    assertThat(GoTemplate.parse(template).execute(LABELS, "the line", TS)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parseErrors")
  void rejectsAtCompileTime(String template, String message) {
    assertThatThrownBy(() -> GoTemplate.parse(template))
        .isInstanceOf(QueryEvaluationException.class)
        .hasMessage("invalid template \"" + template + "\": " + message);
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        arguments("{{ fromJson .x }}", "function \"fromJson\" not defined"),
        arguments("{{ .x | nope }}", "function \"nope\" not defined"),
        arguments("{{ .x ", "unclosed action"),
        arguments("{{ range .x }}{{ end }}", "{{range}} is not supported in LogQL templates"),
        arguments("{{ with .x }}{{ end }}", "{{with}} is not supported in LogQL templates"),
        arguments("{{ $x := 1 }}", "template variables are not supported"),
        arguments("{{ .a.b }}", "nested fields are not supported: .a.b"),
        arguments("{{ if .x }}", "unexpected EOF: {{if}} without {{end}}"),
        arguments("{{ end }}", "unexpected {{end}}"),
        arguments("{{ \"open }}", "unclosed action"),
        arguments("{{ (lower .x }}", "unclosed left paren"),
        arguments("{{ .x | }}", "missing command after |"),
        arguments("{{ \"\\q\" }}", "invalid escape \\q in string"));
  }

  @Test
  void executionErrorsNameTheFunction() {
    assertThatThrownBy(() -> GoTemplate.parse("{{ lt .status 5 }}").execute(LABELS, "", TS))
        .isInstanceOf(GoTemplate.ExecutionException.class)
        .hasMessage("error calling lt: incompatible types for comparison");
    assertThatThrownBy(() -> GoTemplate.parse("{{ div 1 0 }}").execute(LABELS, "", TS))
        .hasMessageContaining("integer divide by zero");
    assertThatThrownBy(() -> GoTemplate.parse("{{ .name 1 }}").execute(LABELS, "", TS))
        .hasMessage("can't give argument to non-function .name");
    assertThatThrownBy(() -> GoTemplate.parse("{{ Replace .name }}").execute(LABELS, "", TS))
        .hasMessage("wrong number of args for Replace: want 4 got 1");
  }

  @Test
  void functionListIsDocumented() {
    assertThat(GoTemplate.functions())
        .contains(
            "ToLower",
            "ToUpper",
            "Replace",
            "Trim",
            "TrimPrefix",
            "TrimSuffix",
            "Title",
            "trunc",
            "substr",
            "printf",
            "default",
            "contains",
            "hasPrefix",
            "hasSuffix",
            "regexReplaceAll",
            "regexReplaceAllLiteral",
            "unixEpoch",
            "date",
            "toDate",
            "__line__",
            "__timestamp__",
            "eq",
            "ne",
            "lt",
            "gt",
            "and",
            "or",
            "not");
  }
}
