package io.tracemate.common.regex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinnedLiteralTest {
  private static PinnedLiteral of(String regex) {
    GoRegex.compile(regex); // every case is a valid RE2 pattern
    return PinnedLiteral.of(RegexTree.parse(regex).root());
  }

  @Test
  void boundedPatternsPinTheLongestLiteral() {
    assertThat(of("[0-9]{4}\\.[0-9]{3}ms"))
        .isEqualTo(new PinnedLiteral("ms", false, 8, 8, 0, false));
    assertThat(of("status[=\":]+5[0-9]{2}"))
        .isEqualTo(new PinnedLiteral("status", false, 0, 0, -1, false));
    assertThat(of("user[=_\":id]+u-4999[0-9]{2}\\b"))
        .isEqualTo(new PinnedLiteral("u-4999", false, 5, -1, 2, true));
    assertThat(of("(GET|POST) /api/v[12]/x?"))
        .isEqualTo(new PinnedLiteral(" /api/v", false, 3, 4, 3, false));
  }

  @Test
  void groupsAndSingleRepetitionsAreFlattened() {
    assertThat(of("(?:ab)(cd){1}[0-9]"))
        .isEqualTo(new PinnedLiteral("abcd", false, 0, 0, 1, false));
    assertThat(of("x?(?P<n>foo)bar\\d{2,5}"))
        .isEqualTo(new PinnedLiteral("foobar", false, 0, 1, 5, false));
  }

  @Test
  void widthsCountCodePointsAndRepetitions() {
    assertThat(of("[a-z]{2,7}(ab|cde)?:x"))
        .isEqualTo(new PinnedLiteral(":x", false, 2, 10, 0, false));
    assertThat(of("\\d{1000}x").maxBefore()).isEqualTo(1000);
    assertThat(of("(?:\\d{1000}){5}x").maxBefore()).isEqualTo(-1); // wider than a window is worth
    assertThat(of(".*x.*")).isNull();
    assertThat(of("a+b")).isEqualTo(new PinnedLiteral("b", false, 1, -1, 0, false));
    assertThat(of("(?:)*x\\b")).isEqualTo(new PinnedLiteral("x", false, 0, 0, 0, true));
    assertThat(of("😀[0-9]")).isEqualTo(new PinnedLiteral("😀", false, 0, 0, 1, false));
  }

  @Test
  void foldedRunsAreAscii() {
    assertThat(of("(?i)error [0-9]+"))
        .isEqualTo(new PinnedLiteral("error ", true, 0, 0, -1, false));
    assertThat(of("(?i:ab)CD[0-9]")).isEqualTo(new PinnedLiteral("abCD", true, 0, 0, 1, false));
    assertThat(of("(?i)1-2[a-z]")).isEqualTo(new PinnedLiteral("1-2", false, 0, 0, 1, false));
    assertThat(of("(?i)é[0-9]")).isNull(); // only ASCII is searched case-insensitively
  }

  @Test
  void nothingToPinWithoutATopLevelLiteral() {
    assertThat(of("[0-9]+")).isNull();
    assertThat(of("foo|bar[0-9]")).isNull();
    assertThat(of("(a|b)c*")).isNull();
  }
}
