package io.tracemate.common.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoRegexTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "(abc        | error parsing regexp: missing closing ): `(abc`",
        "a**         | error parsing regexp: invalid nested repetition operator: `**`",
        "x(?=y)      | error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
        "(a)\\1      | error parsing regexp: invalid escape sequence: `\\1`",
        "a{1001}     | error parsing regexp: invalid repeat count: `{1001}`",
      })
  void errorsReadAsGos(String regex, String message) {
    assertThatThrownBy(() -> GoRegex.compile(regex))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void re2SyntaxThatJavaSpellsOtherwiseCompiles() {
    assertThat(GoRegex.compile("(?P<status_code>\\d+)").namedGroups())
        .containsEntry("status_code", 1);
    assertThat(GoRegex.compile("[[:alpha:]]+").matcher("abc").matches()).isTrue();
    assertThat(GoRegex.compile("\\pL+").matcher("Grüße").matches()).isTrue();
    assertThat(GoRegex.compile("\\Qa.b\\E").matcher("a.b").matches()).isTrue();
  }

  /**
   * Found by fuzzing PromQL (seed {@code crash-long-literal-regex.txt}): RE2/J joins a literal's code points by
   * copying the literal once per code point, so a 4,700-character label matcher regex allocated 270 MB while it was
   * checked, and one of a 128 KiB query would have copied 32 GB, holding a core for about a minute.
   */
  @Test
  void literalTextRe2jWouldCompileInQuadraticTimeIsRefused() {
    String limit = "a".repeat(GoRegex.MAX_LITERAL_RUN);
    assertThat(GoRegex.compile(limit).matcher(limit).matches()).isTrue();
    String half = limit.substring(GoRegex.MAX_LITERAL_RUN / 2);
    assertThat(GoRegex.compile("x|" + half + "|(?i)" + half).matcher("x").matches()).isTrue();

    assertThatThrownBy(() -> GoRegex.compile(limit + "a"))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessageStartingWith(
            "error parsing regexp: expression too large: 4097 characters of literal text in a row");
    // many runs just under the limit cost as much as one long run
    assertThatThrownBy(() -> GoRegex.compile((limit.substring(1) + ".").repeat(3)))
        .hasMessageContaining("expression too large: 4095 characters of literal text in a row");
  }

  @Test
  void programsThatWouldExhaustTheHeapAreRefusedBeforeCompiling() {
    // RE2/J alone allocates ~10^9 instructions here (out of memory after half a minute)
    assertThatThrownBy(() -> GoRegex.compile("(((a{1000}){1000}){1000})"))
        .hasMessage("error parsing regexp: expression too large: `(((a{1000}){1000}){1000})`");
    assertThatThrownBy(() -> GoRegex.compile("(\\pL{1000}){1000}"))
        .hasMessageContaining("expression too large");
    // the size estimate is an upper bound of what RE2/J builds
    Pattern big = GoRegex.compile("(a{100}){100}");
    assertThat((long) big.programSize()).isLessThanOrEqualTo(GoRegex.MAX_PROGRAM_SIZE);
    // (RE2/J adds the whole match's two capture instructions and the final match)
    assertThat((long) big.programSize())
        .isLessThanOrEqualTo(RegexTree.size(RegexTree.parse("(a{100}){100}").root()) + 3);
    // a literal alternation as long as the longest query allows still compiles
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      values.add("service-" + i + "-x");
    }
    assertThat(GoRegex.compile(String.join("|", values)).matcher("service-3999-x").matches())
        .isTrue();
  }

  @Test
  void nestingIsBoundedAsInGo() {
    String deep = "(".repeat(1000) + "a" + ")".repeat(1000);
    assertThat(GoRegex.compile(deep).matcher("a").matches()).isTrue();
    String deeper = "(".repeat(1001) + "a" + ")".repeat(1001);
    assertThatThrownBy(() -> GoRegex.compile(deeper))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessageStartingWith("error parsing regexp: expression nests too deeply: `((((");
  }

  @Test
  void aPatternThatBacktracksCatastrophicallyInJavaMatchesInLinearTime() {
    // java.util.regex needs longer than the universe's age for this on 10,000 characters
    Pattern pattern = GoRegex.compile("(.*a){20}$x");
    assertThat(GoRegex.find(pattern, "a".repeat(10_000), Cancellation.none())).isFalse();
    assertThat(
            GoRegex.find(GoRegex.compile("(a+)+$"), "a".repeat(10_000) + "!", Cancellation.none()))
        .isFalse();
  }

  @Test
  void manyCharacterClassesInARowAreRefusedBeforeRe2jAllocatesInTheirSquare() {
    // Issue 15 fuzzing: 908 classes in one PromQL matcher made RE2/J allocate 256 MB for a 6 KB
    // query.
    assertThatThrownBy(
            () -> GoRegex.compile("[5m:1m]".repeat(GoRegex.MAX_CHAR_SETS_IN_SEQUENCE + 1)))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessageContaining("257 character classes in a row");
    assertThat(GoRegex.compile("[5m:1m]".repeat(GoRegex.MAX_CHAR_SETS_IN_SEQUENCE))).isNotNull();
    // in groups or alternatives, each sequence counts apart
    assertThat(GoRegex.compile("([ab]x)".repeat(300))).isNotNull();
  }

  @Test
  void aRepetitionOfARepetitionIsRefusedWithoutNestingTheTreeItsChecksWalk() {
    // Issue 15 fuzzing: "api-++++..." (10,000 operators) overflowed the stack of the size checks.
    assertThatThrownBy(() -> GoRegex.compile("api-" + "+".repeat(10_000)))
        .isInstanceOf(PatternSyntaxException.class);
  }

  @Test
  void aLongMatchReadsItsTextThroughTheCancellation() {
    Cancellation cancelled = Cancellation.none();
    cancelled.cancel();
    // a program of ~1,000 instructions over 100,000 characters: 10^8 steps, guarded
    Pattern large = GoRegex.compile("[a-z]{1000}[0-9]");
    assertThatThrownBy(() -> GoRegex.find(large, "a".repeat(100_000), cancelled))
        .isInstanceOf(CancelledException.class);
    // a cheap match reads the String itself and is not interrupted
    assertThat(GoRegex.find(GoRegex.compile("b+"), "aaab", cancelled)).isTrue();
  }

  @Test
  void expandFollowsGo() {
    // the examples of Go's Regexp.ReplaceAllString documentation
    Pattern pattern = GoRegex.compile("a(x*)b");
    assertThat(replaceAll(pattern, "-ab-axxb-", "T")).isEqualTo("-T-T-");
    assertThat(replaceAll(pattern, "-ab-axxb-", "$1")).isEqualTo("--xx-");
    assertThat(replaceAll(pattern, "-ab-axxb-", "$1W")).isEqualTo("---");
    assertThat(replaceAll(pattern, "-ab-axxb-", "${1}W")).isEqualTo("-W-xxW-");
    assertThat(replaceAll(GoRegex.compile("a(?P<1W>x*)b"), "-ab-axxb-", "$1W")).isEqualTo("--xx-");
    Pattern named = GoRegex.compile("(?P<key>\\w+)=(?P<value>\\w+)");
    assertThat(replaceAll(named, "a=1 b=2", "$value:${key}")).isEqualTo("1:a 2:b");
    assertThat(replaceAll(named, "a=1", "$$ $missing $9 ${ $")).isEqualTo("$   ${ $");
    assertThat(GoRegex.replaceAll(named, "a=1", "$1", true, Cancellation.none(), length -> {}))
        .isEqualTo("$1");
  }

  @Test
  void emptyMatchesRightAfterAMatchAreSkippedAsInGo() {
    assertThat(replaceAll(GoRegex.compile("a*"), "baaac", "X")).isEqualTo("XbXcX");
    Matcher matcher = GoRegex.compile("a*").matcher("baaac");
    assertThat(GoRegex.forEachMatch(matcher, "baaac", match -> {})).isEqualTo(3);
    // an empty match moves on by a whole code point, never into a surrogate pair
    assertThat(replaceAll(GoRegex.compile("x*"), "😀", "-")).isEqualTo("-😀-");
  }

  @Test
  void aResultThatGrowsTooLongStopsWhileItGrows() {
    Pattern pattern = GoRegex.compile("a");
    List<Integer> lengths = new ArrayList<>();
    assertThatThrownBy(
            () ->
                GoRegex.replaceAll(
                    pattern,
                    "a".repeat(1000),
                    "xxxx",
                    false,
                    Cancellation.none(),
                    length -> {
                      lengths.add(length);
                      if (length > 100) {
                        throw new IllegalStateException("too long");
                      }
                    }))
        .hasMessage("too long");
    assertThat(lengths).hasSizeLessThan(30);
  }

  private static String replaceAll(Pattern pattern, String text, String template) {
    return GoRegex.replaceAll(pattern, text, template, false, Cancellation.none(), length -> {});
  }
}
