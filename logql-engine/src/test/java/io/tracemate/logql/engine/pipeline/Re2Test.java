package io.tracemate.logql.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logql.engine.QueryEvaluationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RE2 syntax translated to java.util.regex. */
class Re2Test {
  @Test
  void namedGroupsGetJavaNamesAndKeepTheirLogqlNames() {
    Re2 re = Re2.compile("(?P<status_code>\\d+) (?<user_id>\\w+) (?:x)(?<=x)", "test");
    assertThat(re.groupNames()).containsExactly("status_code", "user_id");
    var m = re.pattern().matcher("200 bob x");
    assertThat(m.find()).isTrue();
    assertThat(m.group(Re2.javaGroupName(0))).isEqualTo("200");
    assertThat(m.group(Re2.javaGroupName(1))).isEqualTo("bob");
  }

  @Test
  void posixClassesAndEscapedParenthesesAreTranslated() {
    List<String> names = new ArrayList<>();
    assertThat(Re2.translate("[[:alpha:]]+\\(?P<x>[[:digit:]])", names)).isEqualTo("[\\p{Alpha}]+\\(?P<x>[\\d])");
    assertThat(names).isEmpty();
    assertThat(Re2.compile("[[:upper:]][[:lower:]]+", "t").pattern().matcher("Hello").matches()).isTrue();
    assertThat(Re2.translate("[]a]", names)).isEqualTo("[\\]a]");
  }

  @Test
  void invalidRegexNamesWhereItWasUsed() {
    assertThatThrownBy(() -> Re2.compile("a(b", "line filter")).isInstanceOf(QueryEvaluationException.class)
        .hasMessageStartingWith("invalid regex in line filter: Unclosed group");
  }
}
