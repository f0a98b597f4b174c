package io.tracemate.querysupport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Position in the token list of one query, and the two {@link ParseLimits} every parser checks while it reads: the
 * query's size before it is lexed, and the nesting before each level of recursion. A language's recursive-descent
 * parser subclasses it with its own expectations and error phrasing; what is here is the same for LogQL and PromQL.
 * Not thread-safe: one cursor per parse.
 *
 * @param <K> the language's token kinds
 * @param <T> its tokens
 * @param <E> its parse exception, which {@link #tooDeep} and the size check throw
 */
public abstract class TokenCursor<K, T extends Lexeme<K>, E extends RuntimeException> {

  /** Makes the language's exception for a query over a limit. */
  @FunctionalInterface
  public interface LimitError<E extends RuntimeException> {
    E overLimit(String source, int offset, String detail, String limit);
  }

  private final String source;
  private final ParseLimits limits;
  private final LimitError<E> limitError;
  private final String nestingLevels;
  private final List<T> tokens;
  private int index;
  private int depth;

  /**
   * Checks the size, then lexes.
   *
   * @param lexer         the language's lexer: every token of the source, ending with the end-of-input token
   * @param limitError    the language's exception for a query over a limit
   * @param nestingLevels what counts as a level of nesting, for the message of a query nested too deeply (e.g.
   *                      {@code "parentheses, calls, aggregations, operators or subqueries"})
   * @throws E when the query is longer than the limit, before it is lexed
   */
  protected TokenCursor(
      String source,
      ParseLimits limits,
      Function<String, List<T>> lexer,
      LimitError<E> limitError,
      String nestingLevels) {
    this.source = Objects.requireNonNull(source, "source");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.limitError = limitError;
    this.nestingLevels = nestingLevels;
    long bytes = utf8Length(source, limits.maxBytes());
    if (bytes > limits.maxBytes()) {
      throw limitError.overLimit(
          source,
          0,
          "the query is too long ("
              + bytes
              + " bytes, limit: "
              + limits.maxBytes()
              + " bytes) ("
              + ParseLimits.MAX_QUERY_SIZE
              + ")",
          ParseLimits.MAX_QUERY_SIZE);
    }
    this.tokens = lexer.apply(source);
  }

  /** The query being parsed. */
  public final String source() {
    return source;
  }

  public final ParseLimits limits() {
    return limits;
  }

  /**
   * Enters one level of recursion, refusing to go deeper than the limit; every recursive parse method calls it
   * first (and {@link #ascend()} on the way out), so no query can overflow the parser's stack.
   */
  public final void descend() {
    if (++depth > limits.maxDepth()) {
      throw tooDeep(peek().offset());
    }
  }

  public final void ascend() {
    depth--;
  }

  /** The error for a query nested deeper than the limit, at {@code offset}. */
  public final E tooDeep(int offset) {
    return limitError.overLimit(
        source,
        offset,
        "the query is nested too deeply (more than "
            + limits.maxDepth()
            + " levels of "
            + nestingLevels
            + ") ("
            + ParseLimits.MAX_QUERY_DEPTH
            + ")",
        ParseLimits.MAX_QUERY_DEPTH);
  }

  /** The current token (the end-of-input token once everything is read). */
  public final T peek() {
    return tokens.get(index);
  }

  /** The token {@code ahead} positions after the current one (the end-of-input token past the end). */
  public final T peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  /** The token before the current one (the last consumed). */
  public final T previous() {
    return tokens.get(Math.max(0, index - 1));
  }

  public final boolean at(K type) {
    return peek().type() == type;
  }

  /** Consumes and returns the current token; at the end of input it stays there. */
  public final T next() {
    T token = peek();
    if (index < tokens.size() - 1) {
      index++;
    }
    return token;
  }

  /** Consumes the current token if it is of {@code type}. */
  public final boolean accept(K type) {
    if (at(type)) {
      next();
      return true;
    }
    return false;
  }

  /**
   * The UTF-8 length of {@code text}, without encoding it when it may be within the limit; a text with more UTF-16
   * units than the limit is over it whatever its bytes, and the JDK's encoder counts it faster.
   */
  private static long utf8Length(String text, int limit) {
    if (text.length() > limit) {
      return text.getBytes(StandardCharsets.UTF_8).length;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
