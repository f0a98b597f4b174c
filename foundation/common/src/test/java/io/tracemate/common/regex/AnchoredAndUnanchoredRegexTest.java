package io.tracemate.common.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.Cancellation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shortcuts decide as the regex would: checked against RE2/J on generated texts. */
class AnchoredAndUnanchoredRegexTest {
  private static final List<String> PATTERNS =
      List.of(
          "PaymentGatewayTimeout",
          ".*did not.*",
          "foo|bar",
          "ab(c|d)e?",
          "(?i)fooBAR",
          "error.*timeout",
          "(GET|POST) /x\\d",
          "^a",
          "b$",
          "\\bab\\b",
          ".*",
          ".+",
          "",
          "a|b.*",
          "(?i)kb",
          "x{2}y?",
          "colou?r",
          "(?s).*",
          "a.c");

  @Test
  void unanchoredFindsWhatRe2Finds() {
    SplittableRandom random = new SplittableRandom(7);
    for (String regex : PATTERNS) {
      UnanchoredRegex unanchored = UnanchoredRegex.compile(regex);
      for (int i = 0; i < 2000; i++) {
        String text = text(random, regex);
        assertThat(unanchored.find(text, Cancellation.none()))
            .as("%s in %s", regex, text)
            .isEqualTo(unanchored.pattern().matcher(text).find());
      }
    }
  }

  @Test
  void anchoredMatchesWhatRe2MatchesWhole() {
    SplittableRandom random = new SplittableRandom(11);
    for (String regex : PATTERNS) {
      AnchoredRegex anchored = AnchoredRegex.compile(regex);
      for (int i = 0; i < 2000; i++) {
        String text = text(random, regex);
        boolean expected = anchored.pattern().matcher(text).matches();
        assertThat(anchored.matches(text)).as("%s on %s", regex, text).isEqualTo(expected);
        assertThat(anchored.matches(text, Cancellation.none())).isEqualTo(expected);
      }
    }
  }

  @Test
  void labelMatchersAreAnchoredAndDotMatchesNewlines() {
    assertThat(AnchoredRegex.compile("a|ab").matches("ab")).isTrue();
    assertThat(AnchoredRegex.compile("api").matches("api-2")).isFalse();
    assertThat(AnchoredRegex.compile("a.c").matches("a\nc")).isTrue();
    assertThat(AnchoredRegex.compile(".*").matches("x\ny")).isTrue();
    assertThat(AnchoredRegex.compile(".+").matches("")).isFalse();
  }

  /** Pieces of the pattern and random characters, so matches and near misses both occur. */
  private static String text(SplittableRandom random, String regex) {
    String alphabet =
        "abcdexyrGETPOS /019\n\u212AK" + regex.replaceAll("[\\\\()|?*.^$+{}\\[\\]]", "");
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(0, 30);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(6) == 0 && regex.length() > 2) {
        int start = random.nextInt(regex.length());
        String piece =
            regex.substring(start, Math.min(regex.length(), start + random.nextInt(1, 12)));
        text.append(piece.replaceAll("[\\\\()|?*^$+]", ""));
      } else {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return text.toString();
  }
}
