package io.tracemate.common.regex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;
import java.util.function.IntConsumer;

/**
 * User-supplied regular expressions with Go's semantics (RE2, as Loki, Prometheus and the OpenTelemetry Collector
 * use them), on RE2/J: matching takes time linear in the text, whatever the pattern.
 *
 * <p>What RE2/J leaves to its caller, this class adds:
 * <ul>
 *   <li>a bound on the compiled program, checked before compiling: RE2/J expands counted repetitions and has no
 *       limit, so {@code ((a{1000}){1000}){1000}} would allocate until the heap is gone. Go refuses a program over
 *       ~3.3 million instructions; we refuse one over {@value #MAX_PROGRAM_SIZE} (still far beyond any literal
 *       alternation a 128 KiB query can spell), with Go's message, {@code expression too large}, and nesting beyond
 *       Go's 1,000 levels with {@code expression nests too deeply};</li>
 *   <li>a bound on literal text ({@value #MAX_LITERAL_RUN} code points in a row), which RE2/J's parser joins in
 *       quadratic time where Go's is linear;</li>
 *   <li>errors in Go's words, {@code error parsing regexp: missing closing ): `(abc`} (RE2/J's own);</li>
 *   <li>Go's template expansion ({@code $1 ${1} $name ${name} $$}) and Go's iteration over successive
 *       non-overlapping matches (an empty match right after a match is skipped), which differ from
 *       java.util.regex;</li>
 *   <li>matching under a {@link Cancellation}: linear is not cheap when the program is large and the text long, so
 *       a match whose worst case ({@code program size x text length}) exceeds {@value #GUARD_ABOVE} steps reads its
 *       text through the cancellation's guard, checked about every {@value #STEPS_PER_CHECK} steps. Cheaper matches
 *       read the String itself, which keeps RE2/J's own literal-prefix search (it uses {@code String.indexOf} only
 *       for a String).</li>
 * </ul>
 *
 * <p>Stateless; compiled patterns and this class are thread-safe (a {@link Matcher} is not).
 */
public final class GoRegex {
  /** Largest compiled program accepted, in RE2/J instructions (Go's bound is 128 MiB / 40 bytes = 3,355,443). */
  public static final long MAX_PROGRAM_SIZE = 250_000;

  /**
   * Longest literal text compiled, in code points (in all: the sum of the squares of a pattern's literal runs may
   * not pass this one's square). RE2/J's parser joins a literal's code points by copying it once per code point,
   * so a 128 KiB literal, which Go compiles in microseconds, costs RE2/J 32 GB of copying: one query could hold a
   * core for a minute. 4,096 costs about 25 ms and 33 MB; label values are at most 2,048 bytes by Loki's default
   * limits, and a line filter has {@code |=} for long literal text.
   */
  public static final int MAX_LITERAL_RUN = 4096;

  static final long MAX_LITERAL_RUN_COST = (long) MAX_LITERAL_RUN * MAX_LITERAL_RUN;

  /**
   * Most character classes in one sequence. RE2/J's compilation allocates in the square of their number (800
   * classes such as {@code [5m:1m]} in a row: 33 MB; the fuzzer found a 6 KB PromQL query allocating 256 MB); 256
   * cost about 3 MB, and a class per character of a long label value is what a {@code (?i)}-free pattern
   * rarely needs.
   */
  public static final int MAX_CHAR_SETS_IN_SEQUENCE = 256;

  /** Worst-case steps above which a match reads its text through the cancellation's guard. */
  static final long GUARD_ABOVE = 1L << 18;

  /** Steps between two cancellation checks of a guarded match (~0.3 ms). */
  static final long STEPS_PER_CHECK = 1L << 16;

  private GoRegex() {}

  /**
   * Compiles {@code regex} as Go's {@code regexp.Compile} does.
   *
   * @throws PatternSyntaxException with Go's message when it does not compile or is too large
   */
  public static Pattern compile(String regex) {
    return compile(regex, 0);
  }

  /**
   * Compiles with RE2/J flags ({@link Pattern#DOTALL}, {@link Pattern#CASE_INSENSITIVE}, ...).
   *
   * @throws PatternSyntaxException with Go's message when it does not compile or is too large
   */
  public static Pattern compile(String regex, int flags) {
    checkSize(regex);
    return Pattern.compile(regex, flags);
  }

  /** @throws PatternSyntaxException when the compiled program would exceed the bounds */
  static void checkSize(String regex) {
    RegexTree.Parsed parsed;
    try {
      parsed = RegexTree.parse(regex);
    } catch (RegexTree.TooDeepException e) {
      throw new PatternSyntaxException("expression nests too deeply", regex);
    }
    if (RegexTree.size(parsed.root()) > MAX_PROGRAM_SIZE) {
      throw new PatternSyntaxException("expression too large", regex);
    }
    if (RegexTree.literalRunCost(parsed.root()) > MAX_LITERAL_RUN_COST) {
      throw new PatternSyntaxException(
          "expression too large: "
              + RegexTree.longestLiteralRun(parsed.root())
              + " characters of literal text in a row (RE2/J compiles a literal in time quadratic in its"
              + " length; at most "
              + MAX_LITERAL_RUN
              + ")",
          regex);
    }
    long charSets = RegexTree.mostCharSetsInSequence(parsed.root());
    if (charSets > MAX_CHAR_SETS_IN_SEQUENCE) {
      throw new PatternSyntaxException(
          "expression too large: "
              + charSets
              + " character classes in a row (RE2/J compiles them in memory quadratic in their number; at"
              + " most "
              + MAX_CHAR_SETS_IN_SEQUENCE
              + ")",
          regex);
    }
  }

  /** A matcher over {@code text}, reading it through {@code cancellation}'s guard when the match may take long. */
  public static Matcher matcher(Pattern pattern, String text, Cancellation cancellation) {
    long program = Math.max(1, pattern.programSize());
    if (program * text.length() <= GUARD_ABOVE) {
      return pattern.matcher(text);
    }
    int checkEvery = (int) Math.max(1, STEPS_PER_CHECK / program);
    return pattern.matcher(cancellation.guard(text, checkEvery));
  }

  /** Go's {@code MatchString}: whether {@code text} contains a match. */
  public static boolean find(Pattern pattern, String text, Cancellation cancellation) {
    return matcher(pattern, text, cancellation).find();
  }

  /** Whether the whole of {@code text} matches (Prometheus' and Loki's label matchers are anchored). */
  public static boolean matchesWhole(Pattern pattern, String text, Cancellation cancellation) {
    return matcher(pattern, text, cancellation).matches();
  }

  /** Receives each match of {@link #forEachMatch}. */
  @FunctionalInterface
  public interface MatchConsumer {
    /** @param match positioned on the match (groups available) */
    void accept(Matcher match);
  }

  /**
   * Go's {@code ReplaceAllString}: every match of {@code pattern} in {@code text} replaced by
   * {@code replacement} expanded against it ({@link #expand}); {@code literal} replaces by the text as it is
   * ({@code ReplaceAllLiteralString}).
   *
   * @param lengthCheck called with the result's length as it grows, may throw to stop a result that grows too long
   */
  public static String replaceAll(
      Pattern pattern,
      String text,
      String replacement,
      boolean literal,
      Cancellation cancellation,
      IntConsumer lengthCheck) {
    Matcher matcher = matcher(pattern, text, cancellation);
    StringBuilder out = new StringBuilder(text.length());
    int[] copied = {0};
    forEachMatch(
        matcher,
        text,
        match -> {
          out.append(text, copied[0], match.start());
          if (literal) {
            out.append(replacement);
          } else {
            expand(out, replacement, match);
          }
          copied[0] = match.end();
          lengthCheck.accept(out.length());
        });
    out.append(text, copied[0], text.length());
    lengthCheck.accept(out.length());
    return out.toString();
  }

  /**
   * Calls {@code consumer} for each successive non-overlapping match of {@code matcher} in {@code text} (its
   * input), as Go's {@code FindAll} and {@code ReplaceAll} see them: after an empty match the search moves on by one
   * character, and an empty match right where the previous match ended is skipped.
   *
   * @return how many matches were passed on
   */
  public static int forEachMatch(Matcher matcher, CharSequence text, MatchConsumer consumer) {
    int searchFrom = 0;
    int previousEnd = -1;
    int count = 0;
    while (searchFrom <= text.length() && matcher.find(searchFrom)) {
      int start = matcher.start();
      int end = matcher.end();
      if (!(start == end && start == previousEnd)) {
        consumer.accept(matcher);
        count++;
      }
      previousEnd = end;
      searchFrom =
          end > searchFrom
              ? end
              : searchFrom
                  + (searchFrom < text.length()
                      ? Character.charCount(Character.codePointAt(text, searchFrom))
                      : 1);
    }
    return count;
  }

  /**
   * Go's {@code Regexp.Expand}: appends {@code template} to {@code out} with {@code $1}, {@code ${1}},
   * {@code $name} and {@code ${name}} replaced by that group of {@code match} (empty when the group does not exist
   * or did not take part), {@code $$} by a dollar; a {@code $} not followed by a name stays as it is. A name is the
   * longest run of letters, digits and underscores, so {@code $1x} is the group named {@code 1x}: write
   * {@code ${1}x}.
   */
  public static StringBuilder expand(StringBuilder out, String template, Matcher match) {
    int i = 0;
    int length = template.length();
    while (i < length) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        break;
      }
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < length && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < length && template.charAt(i) == '{';
      int nameStart = brace ? i + 1 : i;
      int nameEnd = nameStart;
      while (nameEnd < length) {
        int cp = template.codePointAt(nameEnd);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        nameEnd += Character.charCount(cp);
      }
      if (nameEnd == nameStart
          || (brace && (nameEnd >= length || template.charAt(nameEnd) != '}'))) {
        out.append('$'); // malformed: the dollar is text
        continue;
      }
      String name = template.substring(nameStart, nameEnd);
      i = brace ? nameEnd + 1 : nameEnd;
      String value = group(match, name);
      if (value != null) {
        out.append(value);
      }
    }
    return out.append(template, Math.min(i, length), length);
  }

  /** The group a Go template name refers to: a number without leading zeros, else a group name. */
  private static String group(Matcher match, String name) {
    int number = -1;
    if (name.length() <= 8 && !(name.length() > 1 && name.charAt(0) == '0')) {
      number = 0;
      for (int k = 0; k < name.length(); k++) {
        char c = name.charAt(k);
        if (c < '0' || c > '9') {
          number = -1;
          break;
        }
        number = number * 10 + (c - '0');
      }
    }
    if (number >= 0) {
      return number <= match.groupCount() ? match.group(number) : null;
    }
    Integer index = match.pattern().namedGroups().get(name);
    return index == null ? null : match.group(index);
  }
}
