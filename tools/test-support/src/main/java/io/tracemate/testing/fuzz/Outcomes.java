package io.tracemate.testing.fuzz;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The property every parser of outside input holds: it returns, or it refuses the input with its documented "bad
 * input" exception carrying a message; never another exception, nor an error (stack overflow, out of memory).
 * Stateless.
 */
public final class Outcomes {
  private Outcomes() {}

  /**
   * Runs {@code parse}; its result when it returns, empty when it refuses the input as documented.
   *
   * @param documented the exception types the parser's contract names for bad input
   * @throws AssertionError for any other outcome, with it as the cause
   */
  @SafeVarargs
  public static <T> Optional<T> acceptedOrRefused(
      Callable<T> parse, Class<? extends Throwable>... documented) {
    T result;
    try {
      result = parse.call();
    } catch (Throwable t) {
      if (Arrays.stream(documented).noneMatch(type -> type.isInstance(t))) {
        throw new AssertionError(
            "bad input must be refused with "
                + Arrays.stream(documented).map(Class::getSimpleName).toList()
                + ", not "
                + t,
            t);
      }
      if (t.getMessage() == null || t.getMessage().isBlank()) {
        throw new AssertionError("a refusal must say what is wrong: " + t, t);
      }
      return Optional.empty();
    }
    return Optional.ofNullable(result);
  }

  /**
   * The round trip of a query language: what parsed prints as a canonical form that parses again to the same tree
   * and prints the same.
   *
   * @param parse the parser, with the default limits
   * @param refused its "bad input" exception type
   * @throws AssertionError when the canonical form does not parse, or parses to another tree or text
   */
  public static <T> void printsBack(
      String query, T parsed, Function<String, T> parse, Class<? extends Throwable> refused) {
    String canonical = parsed.toString();
    T again =
        acceptedOrRefused(() -> parse.apply(canonical), refused)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the canonical form " + canonical + " of " + query + " does not parse"));
    if (!again.equals(parsed)) {
      throw new AssertionError(
          "parse(print(parse(" + query + "))) is " + again + ", not " + parsed);
    }
    if (!again.toString().equals(canonical)) {
      throw new AssertionError(
          "print(parse(" + canonical + ")) is " + again + ", not the canonical form itself");
    }
  }
}
