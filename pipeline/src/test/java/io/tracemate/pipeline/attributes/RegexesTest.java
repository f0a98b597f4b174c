package io.tracemate.pipeline.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.pipeline.config.ConfigProblems;
import org.junit.jupiter.api.Test;

class RegexesTest {

  @Test
  void goNamedGroupsWithUnderscoresCompileAndKeepTheirNames() {
    ConfigProblems problems = new ConfigProblems();

    Regexes.NamedPattern p = Regexes.compileNamed(
        "(?<![a-z])(?P<http_method>[A-Z]+) (?<path>/[a-z]*)\\(\\?<x>[(?<y>]", problems, "p");

    assertThat(problems.list()).isEmpty();
    assertThat(p.groupNames()).containsExactly("http_method", "path");
    var m = p.pattern().matcher("GET /cart(?<x>(");
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("GET");
    assertThat(m.group(2)).isEqualTo("/cart");
  }

  @Test
  void invalidRegexesAreReportedWithTheirPath() {
    ConfigProblems problems = new ConfigProblems();

    assertThat(Regexes.compile("a(b", problems, "x.pattern")).isNull();
    assertThat(Regexes.compile("", problems, "y")).isNull();
    assertThat(problems.list()).hasSize(2);
    assertThat(problems.list().getFirst()).startsWith("x.pattern: invalid regular expression 'a(b'");
  }
}
