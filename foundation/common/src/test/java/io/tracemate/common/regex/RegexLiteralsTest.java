package io.tracemate.common.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegexLiteralsTest {
  private static RegexLiterals of(String regex) {
    GoRegex.compile(regex); // every case is a valid RE2 pattern
    return RegexLiterals.of(regex);
  }

  @Test
  void patternsMadeOfLiteralsNeedNoRegex() {
    assertThat(of("PaymentGatewayTimeout").exact()).containsExactly("PaymentGatewayTimeout");
    assertThat(of(".*did not answer.*").exact()).containsExactly("did not answer");
    assertThat(of("foo.*").exact()).containsExactly("foo");
    assertThat(of("timed out|connect error").exact()).containsExactly("timed out", "connect error");
    assertThat(of("PaymentGateway(Timeout|Declined)").exact())
        .containsExactly("PaymentGatewayTimeout", "PaymentGatewayDeclined");
    assertThat(of("(?:colou?r)").exact()).containsExactlyInAnyOrder("color", "colour");
    assertThat(of("a|b.*").exact()).containsExactly("a", "b");
    assertThat(of("x{3}").exact()).containsExactly("xxx");
    assertThat(of("\\Qa.b\\E\\.").exact()).containsExactly("a.b.");
    assertThat(of("tab\\there").exact()).containsExactly("tab\there");
    // these match every text
    assertThat(of(".*").exact()).containsExactly("");
    assertThat(of("").exact()).containsExactly("");
    assertThat(of("(foo|)").exact()).contains("");
  }

  @Test
  void requiredLiteralsOfRealRegexes() {
    RegexLiterals errorTimeout = of("error.*timeout");
    assertThat(errorTimeout.exact()).isNull();
    assertThat(errorTimeout.all()).containsExactlyInAnyOrder("error", "timeout");
    assertThat(of("^level=error").all()).containsExactly("level=error");
    assertThat(of("\\bfoo\\b").all()).containsExactly("foo");
    assertThat(of("status[=\":]+5[0-9]{2}").all()).containsExactly("status", "5");
    assertThat(of("[0-9]{4}\\.[0-9]{3}ms").all()).containsExactly("ms", ".");
    assertThat(of("(GET|POST) /api/\\d+").any())
        .containsExactlyInAnyOrder("GET /api/", "POST /api/");
    assertThat(of("(foo\\d|bar\\s)x").any()).containsExactlyInAnyOrder("foo", "bar");
    assertThat(of("(ab)+c").all()).containsExactly("ab", "c");
  }

  @Test
  void whatIsNotKnownRulesNothingOut() {
    for (String regex : List.of("[0-9a-f]{32}", "\\d+", "a*", "(foo|\\d)", "\\x41", ".+")) {
      assertThat(of(regex).isEmpty()).as(regex).isTrue();
      assertThat(of(regex).mayMatch("anything")).as(regex).isTrue();
    }
  }

  @Test
  void caseInsensitiveLiteralsOnlyPreFilter() {
    RegexLiterals literals = of("(?i)paymentgatewaytimeout");
    assertThat(literals.ignoreCase()).isTrue();
    assertThat(literals.exact()).isNull();
    assertThat(literals.all()).containsExactly("paymentgatewaytimeout");
    assertThat(literals.requiredSubstrings()).isEmpty();
    assertThat(literals.mayMatch("x PAYMENTGatewayTimeout: y")).isTrue();
    assertThat(literals.mayMatch("x PaymentGateway Timeout y")).isFalse();
    // the Kelvin sign folds to k in RE2: the pre-filter lets it through
    assertThat(of("(?i)kb").mayMatch("\u212Ab")).isTrue();
    assertThat(of("(?i)foo|Bar").any()).containsExactlyInAnyOrder("foo", "Bar");
    // mixed: nothing
    assertThat(of("foo(?i)bar").isEmpty()).isTrue();
    assertThat(of("(?i:foo)bar").isEmpty()).isTrue();
    // non-ASCII under (?i): nothing
    assertThat(of("(?i)grüße").isEmpty()).isTrue();
    // no letters: case does not matter
    assertThat(of("(?i)2024-").exact()).containsExactly("2024-");
  }

  @Test
  void theStoreSearchesOnlyStringsEveryMatchContains() {
    assertThat(of("PaymentGatewayTimeout").requiredSubstrings())
        .containsExactly("PaymentGatewayTimeout");
    assertThat(of("foo|bar").requiredSubstrings()).isEmpty();
    assertThat(of("error.*timeout").requiredSubstrings()).containsExactly("timeout", "error");
    assertThat(of(".*").requiredSubstrings()).isEmpty();
  }

  @Test
  void fullMatchValueSets() {
    assertThat(RegexLiterals.fullMatchSet("api|web|worker"))
        .containsExactlyInAnyOrder("api", "web", "worker");
    assertThat(RegexLiterals.fullMatchSet("(prod|staging)-eu"))
        .containsExactlyInAnyOrder("prod-eu", "staging-eu");
    assertThat(RegexLiterals.fullMatchSet("")).containsExactly("");
    assertThat(RegexLiterals.fullMatchSet("api.*")).isNull();
    assertThat(RegexLiterals.fullMatchSet("(?i)api")).isNull();
  }

  @Test
  void theParserIsLenientAndNeverFails() {
    for (String broken :
        List.of("(", ")", "[", "\\", "a{", "{1}", "*", "(?P<x", "[[:", "\\p", "\\x{", "(?i")) {
      RegexLiterals.of(broken);
      RegexTree.size(RegexTree.parse(broken).root());
    }
  }
}
