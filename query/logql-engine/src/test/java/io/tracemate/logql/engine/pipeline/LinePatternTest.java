package io.tracemate.logql.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logql.engine.QueryEvaluationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loki's pattern matching and IP matching. */
class LinePatternTest {
  private static List<String> flat(List<String[]> captures) {
    return captures.stream().map(c -> c[0] + "=" + c[1]).toList();
  }

  @Test
  void capturesUpToTheNextLiteral() {
    LinePattern p = LinePattern.compile("<ip> - <_> [<ts>] \"<req>\" <status>", true);
    assertThat(flat(p.captures("1.2.3.4 - u [t 1] \"GET /\" 200")))
        .containsExactly("ip=1.2.3.4", "ts=t 1", "req=GET /", "status=200");
    assertThat(p.matches("1.2.3.4 - u [t 1] \"GET /\" 200")).isTrue();
  }

  @Test
  void aMissingLiteralEndsMatchingWithTheRestOfTheLine() {
    LinePattern p = LinePattern.compile("<a>:<b>;", true);
    assertThat(flat(p.captures("x:y"))).containsExactly("a=x", "b=y");
    assertThat(p.matches("x:y")).isFalse();
  }

  @Test
  void leadingLiteralMustStartTheLine() {
    LinePattern p = LinePattern.compile("GET <path>", true);
    assertThat(p.captures("POST /x")).isEmpty();
    assertThat(flat(p.captures("GET /x"))).containsExactly("path=/x");
  }

  @Test
  void invalidPatterns() {
    assertThatThrownBy(() -> LinePattern.compile("no captures", false))
        .isInstanceOf(QueryEvaluationException.class)
        .hasMessageContaining("at least one capture is required");
    assertThatThrownBy(() -> LinePattern.compile("<a><b>", true))
        .hasMessageContaining("consecutive capture");
    assertThatThrownBy(() -> LinePattern.compile("<_> x", true))
        .hasMessageContaining("named capture");
  }

  @Test
  void ipMatchers() {
    assertThat(IpMatcher.compile("192.168.0.0/16").matchesAddress("192.168.4.2")).isTrue();
    assertThat(IpMatcher.compile("192.168.0.0/16").matchesAddress("192.169.0.1")).isFalse();
    assertThat(IpMatcher.compile("10.0.0.1-10.0.0.3").matchesAddress("10.0.0.3")).isTrue();
    assertThat(IpMatcher.compile("10.0.0.1-10.0.0.3").matchesAddress("10.0.0.4")).isFalse();
    assertThat(IpMatcher.compile("2001:db8::/32").matchesAddress("2001:db8::1")).isTrue();
    assertThat(IpMatcher.compile("2001:db8::/32").matchesAddress("10.0.0.1")).isFalse();
    assertThat(IpMatcher.compile("127.0.0.1").matchesLine("connect from 127.0.0.1:8080 ok"))
        .isFalse();
    assertThat(IpMatcher.compile("127.0.0.1").matchesLine("connect from 127.0.0.1 ok")).isTrue();
    assertThat(IpMatcher.compile("127.0.0.1").matchesAddress("localhost")).isFalse();
    assertThatThrownBy(() -> IpMatcher.compile("example.com"))
        .isInstanceOf(QueryEvaluationException.class);
  }
}
