package io.tracemate.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of queries covering every construct: each parses, prints the expected canonical text, and the printed
 * text parses back into an equal tree that prints identically.
 */
class CanonicalPrintTest {

  /** One case per line: {@code input ==> canonical}, or just {@code input} when it is already canonical. */
  private static final String CASES =
      """
        {app="api"}
        { app = "api", env!="dev", pod=~"api-.*", ns!~"kube.*" } ==> {app="api", env!="dev", pod=~"api-.*", ns!~"kube.*"}
        {app="api"} |= "error" != "timeout" |~ "err.r" !~ "(?i)debug"
        {app="api"} |= "a" or "b" != "c" or "d"
        {app="api"} |= ip("10.0.0.0/8") != ip("10.1.0.0/16") or "x"
        {app="api"} |> "<_> error <_>" !> "<_> debug <_>"
        {app="api"} | json
        {app="api"} | json first="servers[0]", ua
        {app="api"} | json ua="ua" ==> {app="api"} | json ua
        {app="api"} | logfmt
        {app="api"} | logfmt --strict --keep-empty
        {app="api"} | logfmt --keep-empty --strict level, msg="message" ==> {app="api"} | logfmt --strict --keep-empty level, msg="message"
        {app="api"} | regexp `(?P<method>GET|POST)` ==> {app="api"} | regexp "(?P<method>GET|POST)"
        {app="api"} | pattern "<ip> - <_> <method> <uri>"
        {app="api"} | unpack | decolorize
        {app="api"} | json | status >= 400 ==> {app="api"} | json | status>=400
        {app="api"} | logfmt | duration > 1m30s | size > 20KB | size <= 1KiB ==> {app="api"} | logfmt | duration>1m30s | size>20000B | size<=1024B
        {app="api"} | level = "error" | level=~"err|warn" | level !~ "debug" | level != "info" ==> {app="api"} | level="error" | level=~"err|warn" | level!~"debug" | level!="info"
        {app="api"} | status == 200 | status = 201 | latency != -1.5 | ratio < 0.25 ==> {app="api"} | status==200 | status==201 | latency!=-1.5 | ratio<0.25
        {app="api"} | addr = ip("192.168.0.0/16") | addr != ip("10.0.0.1") ==> {app="api"} | addr=ip("192.168.0.0/16") | addr!=ip("10.0.0.1")
        {app="api"} | status >= 400 and level="error" ==> {app="api"} | status>=400 and level="error"
        {app="api"} | a="1", b="2" ==> {app="api"} | a="1" and b="2"
        {app="api"} | a="1" b="2" ==> {app="api"} | a="1" and b="2"
        {app="api"} | a="1" or b="2" and c="3" ==> {app="api"} | a="1" or b="2" and c="3"
        {app="api"} | (a="1" or b="2") and c="3" ==> {app="api"} | (a="1" or b="2") and c="3"
        {app="api"} | __error__ = "" ==> {app="api"} | __error__=""
        {app="api"} | line_format "{{.level}} {{.msg}}"
        {app="api"} | label_format dst=src, tmpl="{{.a}}-{{.b}}"
        {app="api"} | drop a, b, c="v"
        {app="api"} | keep a, level=~"err.*"
        {app="api"} | JSON | LogFmt ==> {app="api"} | json | logfmt
        {app="api"} # only errors ==> {app="api"}
        {app="api"} | rate > 2 | sum="x" ==> {app="api"} | rate>2 | sum="x"
        rate({app="api"}[5m]) ==> rate({app="api"} [5m])
        count_over_time({app="api"} |= "timeout" [5m])
        bytes_rate({app="api"}[1h] offset 30m) ==> bytes_rate({app="api"} [1h] offset 30m)
        bytes_over_time({app="api"} [90s]) ==> bytes_over_time({app="api"} [1m30s])
        absent_over_time({app="api"} [1d])
        rate({app="api"} [1w])
        count_over_time({app="api"} [100ms])
        count_over_time({app="api"} [1y])
        count_over_time({app="api"} [5m30s])
        sum_over_time({app="api"} | logfmt | unwrap bytes(size) [5m])
        quantile_over_time(0.99, {app="api"} | logfmt | unwrap duration(latency) | __error__="" [1m]) by (route)
        avg_over_time({app="api"} | json | unwrap duration_seconds(latency) [5m]) without (pod)
        rate_counter({app="api"} | logfmt | unwrap requests [1m])
        min_over_time({app="api"} | unwrap latency [1m])
        max_over_time({app="api"} | unwrap latency | latency > 0 [1m]) ==> max_over_time({app="api"} | unwrap latency | latency>0 [1m])
        stddev_over_time({app="api"} | unwrap latency [1m])
        stdvar_over_time({app="api"} | unwrap latency [1m])
        first_over_time({app="api"} | unwrap latency [1m])
        last_over_time({app="api"} | unwrap latency [1m]) by (pod)
        rate({app="api"} | unwrap bytes [1m])
        rate({app="api"}[5m] | logfmt | unwrap latency) ==> rate({app="api"} | logfmt | unwrap latency [5m])
        count_over_time(({app="api"} |= "x")[5m]) ==> count_over_time({app="api"} |= "x" [5m])
        sum by (level) (count_over_time({app="api"}[5m])) ==> sum by (level) (count_over_time({app="api"} [5m]))
        sum(count_over_time({app="api"}[5m])) by (level, pod) ==> sum by (level, pod) (count_over_time({app="api"} [5m]))
        sum without (pod) (rate({app="api"} [1m]))
        sum by () (rate({app="api"} [1m]))
        topk(5, sum by (route) (rate({app="api"} | json | status >= 500 [1m]))) ==> topk(5, sum by (route) (rate({app="api"} | json | status>=500 [1m])))
        bottomk by (app) (3, rate({app="api"} [1m]))
        bottomk(3, rate({app="api"} [1m])) by (app) ==> bottomk by (app) (3, rate({app="api"} [1m]))
        sort(rate({app="api"} [1m]))
        sort_desc(rate({app="api"} [1m]))
        avg(rate({app="api"} [1m]))
        min(rate({app="api"} [1m]))
        max(rate({app="api"} [1m]))
        count(rate({app="api"} [1m]))
        stddev(rate({app="api"} [1m]))
        stdvar(rate({app="api"} [1m]))
        sum(rate({a="b"}[1m])) / sum(rate({a="c"}[1m])) ==> sum(rate({a="b"} [1m])) / sum(rate({a="c"} [1m]))
        rate({a="b"} [1m]) > bool 10
        rate({a="b"}[1m]) * on(pod) group_left(node) rate({c="d"}[1m]) ==> rate({a="b"} [1m]) * on(pod) group_left(node) rate({c="d"} [1m])
        rate({a="b"}[1m]) + ignoring(x) group_right rate({c="d"}[1m]) ==> rate({a="b"} [1m]) + ignoring(x) group_right() rate({c="d"} [1m])
        rate({a="b"} [1m]) / on() rate({c="d"} [1m])
        rate({a="b"} [1m]) / on(x) group_left() (rate({c="d"} [1m]) + 1)
        vector(1)+vector(1) ==> vector(1) + vector(1)
        label_replace(rate({a="b"}[1m]), "dst", "$1", "src", "(.*)") ==> label_replace(rate({a="b"} [1m]), "dst", "$1", "src", "(.*)")
        2 ^ 3 ^ 2
        (2 ^ 3) ^ 2
        (1 + 2) * 3
        1 - (2 - 3)
        1 - 2 - 3
        1 + 2 * 3 % 4 - 5 / 6
        -1
        1.5e3 ==> 1500
        0.25
        1e-5 ==> 1.0E-5
        count_over_time({a="b"}[5m]) or vector(0) ==> count_over_time({a="b"} [5m]) or vector(0)
        rate({a="b"} [1m]) and rate({c="d"} [1m]) unless rate({e="f"} [1m])
        (sum(rate({a="b"} [1m]))) ==> sum(rate({a="b"} [1m]))
        SUM BY (a) (RATE({app="api"}[5m])) ==> sum by (a) (rate({app="api"} [5m]))
        """;

  static Stream<Arguments> cases() {
    return CASES
        .lines()
        .map(
            line -> {
              int arrow = line.indexOf(" ==> ");
              return arrow < 0
                  ? Arguments.of(line, line)
                  : Arguments.of(line.substring(0, arrow), line.substring(arrow + 5));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printsCanonicalForm(String query, String canonical) {
    assertThat(LogQL.parse(query)).hasToString(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printedFormParsesBackToAnEqualTree(String query, String canonical) {
    Expr parsed = LogQL.parse(query);
    Expr reparsed = LogQL.parse(parsed.toString());
    assertThat(reparsed).isEqualTo(parsed);
    assertThat(reparsed.toString()).isEqualTo(parsed.toString());
  }
}
