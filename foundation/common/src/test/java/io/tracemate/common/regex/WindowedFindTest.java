package io.tracemate.common.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Searching windows around a pinned literal finds exactly what RE2/J finds in the whole text. */
class WindowedFindTest {
  private static boolean find(String regex, String text) {
    UnanchoredRegex unanchored = UnanchoredRegex.compile(regex);
    boolean expected = Pattern.compile(regex).matcher(text).find();
    boolean actual = unanchored.find(text, Cancellation.none());
    assertThat(actual).as("%s in \"%s\"", regex, text).isEqualTo(expected);
    return actual;
  }

  private static WindowedFind windowed(String regex) {
    return UnanchoredRegex.compile(regex).windowed();
  }

  @Test
  void benchmarkPatternsAreWindowed() {
    assertThat(windowed("[0-9]{4}\\.[0-9]{3}ms").perOccurrence()).isTrue();
    assertThat(windowed("status[=\":]+5[0-9]{2}").perOccurrence()).isTrue();
    assertThat(windowed("user[=_\":id]+u-4999[0-9]{2}\\b").perOccurrence()).isFalse();
    assertThat(windowed("PaymentGateway(Timeout|Declined)")).isNull(); // literals alone decide
    assertThat(windowed(".*[0-9]ms.*")).isNull(); // unbounded on both sides
  }

  @Test
  void findsMatchesAroundEveryOccurrence() {
    String regex = "[0-9]{4}\\.[0-9]{3}ms";
    assertThat(find(regex, "took 12.5ms, then 1234.567ms")).isTrue();
    assertThat(find(regex, "1234.567ms")).isTrue();
    assertThat(find(regex, "x1234.567msx")).isTrue();
    assertThat(find(regex, "234.567ms 1234.56ms 1234.5678ms")).isFalse();
    assertThat(find(regex, "ms ms ms 1234.567m s")).isFalse();
    assertThat(find("status[=\":]+5[0-9]{2}", "status=200 status=503")).isTrue();
    assertThat(find("status[=\":]+5[0-9]{2}", "status=200 \"status\":5x1 status=5")).isFalse();
  }

  @Test
  void assertionsSeeTheCharactersOutsideTheWindow() {
    // the window around "ms" starts right after a word character: \b must not hold there
    assertThat(find("\\b[0-9]{2}ms", "x12ms")).isFalse();
    assertThat(find("\\b[0-9]{2}ms", "x 12ms")).isTrue();
    assertThat(find("\\B[0-9]{2}ms", "x12ms")).isTrue();
    assertThat(find("[0-9]{2}ms\\b", "12msx")).isFalse();
    assertThat(find("[0-9]{2}ms\\b", "12ms x")).isTrue();
    assertThat(find("[0-9]{2}ms\\B", "12msx")).isTrue();
    assertThat(find("^[0-9]{2}ms", "a 12ms")).isFalse();
    assertThat(find("^[0-9]{2}ms", "12ms a")).isTrue();
    assertThat(find("[0-9]{2}ms$", "12ms a")).isFalse();
    assertThat(find("[0-9]{2}ms$", "a 12ms")).isTrue();
    assertThat(find("\\A[0-9]{2}ms\\z", "12ms")).isTrue();
    assertThat(find("(?m)^[0-9]{2}ms$", "a\n12ms\nb")).isTrue();
    assertThat(find("(?m)^[0-9]{2}ms$", "a 12ms\nb")).isFalse();
    // unbounded before: one search up to the last window, whose end is cut
    assertThat(find("u=.*u-49[0-9]\\b", "u=1 u-491x u-4912")).isFalse();
    assertThat(find("u=.*u-49[0-9]\\b", "u=1 u-4912 u-491 x")).isTrue();
  }

  @Test
  void caseInsensitiveLiteralsAreFoundInEverySpelling() {
    assertThat(find("(?i)ms[0-9]{2}", "MS12")).isTrue();
    assertThat(find("(?i)ks[0-9]", "\u212Aſ1"))
        .isTrue(); // the Kelvin sign and the long s fold to k and s
    assertThat(find("(?i)ks[0-9]", "kx1 ks")).isFalse();
  }

  @Test
  void windowsCountCodePoints() {
    assertThat(find("[^a]{3}ms", "😀😀😀ms")).isTrue();
    assertThat(find("[^a]{3}ms", "😀a😀ms")).isFalse();
    assertThat(find("\\b.{2}😀x.\\b", "a😀😀x😀b")).isTrue();
    assertThat(find("\\b.{2}😀x.\\b", "xa😀😀x😀b")).isFalse();
    assertThat(find(".{2}😀xa\\b", "a😀😀xab")).isFalse();
    assertThat(find(".{2}😀xa\\b", "a😀😀xa b")).isTrue();
    assertThat(find("\\b.{2}😀x.\\b", " 😀😀x😀 ")).isFalse();
    assertThat(find("\\b.{2}😀x..\\b", "ab😀xcd")).isTrue();
    assertThat(WindowedFind.back("a😀b", 3, 1)).isEqualTo(1);
    assertThat(WindowedFind.back("a😀b", 3, 5)).isEqualTo(0);
    assertThat(WindowedFind.forward("a😀b", 1, 1)).isEqualTo(3);
    assertThat(WindowedFind.forward("a😀b", 1, 9)).isEqualTo(4);
  }

  @Test
  void occurrencesWithOverlappingWindowsShareOneSearch() {
    String regex = "[0-9]{4}\\.[0-9]{3}ms";
    String dense = "ms".repeat(5_000);
    assertThat(find(regex, dense)).isFalse();
    assertThat(find(regex, dense + "1234.567ms")).isTrue();
    assertThat(find(regex, "1234.567ms" + dense)).isTrue();
    assertThat(find(regex, "12.5ms 1234.567ms 3.1ms"))
        .isTrue(); // the match is in the middle of a shared span
    assertThat(find("\\b[0-9]{2}ms\\b", "a12ms 12msb 12ms_ x12ms"))
        .isFalse(); // assertions at the span's edges
    assertThat(find("\\b[0-9]{2}ms\\b", "a12ms 12msb 12ms 12ms_")).isTrue();
    assertThat(find("status.*5xx", "status".repeat(3_000))).isFalse();
    assertThat(find("status.*5xx", "status".repeat(3_000) + "5xx")).isTrue();
    assertThat(find("status=5[0-9]{2}", "status=200 status=503"))
        .isTrue(); // unbounded after: one span to the end
  }

  @Test
  void isolatedOccurrencesAreSearchedOneByOne() {
    String gap = " ".repeat(40);
    assertThat(find("[0-9]{4}\\.[0-9]{3}ms", "12.5ms" + gap + "99.123ms" + gap + "1234.567ms"))
        .isTrue();
    assertThat(find("[0-9]{4}\\.[0-9]{3}ms", "12.5ms" + gap + "99.123ms" + gap + "1234.56ms"))
        .isFalse();
    assertThat(find("\\b[0-9]{2}ms\\b", "a12ms" + gap + "12msb" + gap + "x12ms" + gap + "12ms"))
        .isTrue();
    assertThat(find("\\b[0-9]{2}ms\\b", "a12ms" + gap + "12msb" + gap + "x12ms" + gap + "12ms_"))
        .isFalse();
  }

  @Test
  void manySmallWindowsStillStopWhenCancelled() {
    Cancellation cancelled = Cancellation.none();
    cancelled.cancel();
    UnanchoredRegex regex = UnanchoredRegex.compile("[0-9]{4}\\.[0-9]{3}ms");
    String occurrence =
        "abcdefghijk.ms" + " ".repeat(30); // isolated windows, each too short to be guarded
    assertThatThrownBy(() -> regex.find(occurrence.repeat(1_000), cancelled))
        .isInstanceOf(CancelledException.class);
    assertThat(regex.find(occurrence.repeat(10), cancelled)).isFalse(); // short work is not checked
  }

  @Test
  void variantsThatDoNotCompileLeaveTheWholeSearch() {
    // \Q without \E would swallow the window's additions
    assertThat(windowed("\\Qab")).isNull();
    assertThat(find("x[0-9]\\Qab", "x1ab")).isTrue();
  }

  /**
   * Random patterns of a small grammar (literals, classes, anchors, counted repetition, alternation, groups, flags)
   * against random texts around their language: the windowed search answers as RE2/J does on the whole text.
   */
  @Test
  void agreesWithRe2OnRandomPatternsAndTexts() {
    RandomRegex generator = new RandomRegex(new SplittableRandom(20_261_207));
    int patterns = 0;
    int windowedPatterns = 0;
    int matches = 0;
    int texts = 0;
    while (patterns < 4_000) {
      RandomRegex.Node node = generator.pattern();
      String regex = node.regex();
      Pattern plain;
      UnanchoredRegex unanchored;
      try {
        plain = Pattern.compile(regex);
        unanchored = UnanchoredRegex.compile(regex);
      } catch (PatternSyntaxException e) {
        continue; // the grammar can spell what RE2 refuses (a repeated empty group)
      }
      patterns++;
      if (unanchored.windowed() != null) {
        windowedPatterns++;
      }
      for (int i = 0; i < 40; i++) {
        String text = generator.text(node);
        boolean expected = plain.matcher(text).find();
        assertThat(unanchored.find(text, Cancellation.none()))
            .as("%s in \"%s\"", regex, text)
            .isEqualTo(expected);
        texts++;
        matches += expected ? 1 : 0;
      }
    }
    // the generator must exercise the windows and produce matches as well as misses
    assertThat(windowedPatterns).isGreaterThan(patterns / 4);
    assertThat(matches).isBetween(texts / 5, texts - texts / 5);
  }
}
