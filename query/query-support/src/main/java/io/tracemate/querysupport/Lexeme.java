package io.tracemate.querysupport;

/**
 * What a {@link TokenCursor} needs to know of a token: its kind and where it starts. Each language's token record
 * implements it with its own kinds and decoded values.
 *
 * @param <K> the language's token kinds
 */
public interface Lexeme<K> {
  /** The token's kind; the last token of every token list is the language's end-of-input kind. */
  K type();

  /** 0-based offset (UTF-16 code units) of the token's first character in the query. */
  int offset();
}
