package io.tracemate.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.io.CharConversionException;

/**
 * The one phrasing of a JSON body Jackson could not read, for every JSON wire format (OTLP/JSON, Loki push):
 * {@code malformed JSON at line 3, column 7: Unexpected character ...}, which receivers answer as a 400. Stateless.
 */
public final class MalformedJson {
  private MalformedJson() {}

  /** The client's error for {@code e}, with where Jackson stopped when it knows. */
  public static IllegalArgumentException of(JacksonException e) {
    JsonLocation location = e.getLocation();
    String where =
        location == null
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return new IllegalArgumentException(
        "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
  }

  /**
   * The client's error for bytes Jackson could not even turn into characters: a body starting with NUL bytes is
   * taken for UTF-32 by Jackson's encoding detection, and fails as a {@link CharConversionException}, an
   * {@code IOException} but not a {@link JacksonException}. Reading a byte array does no I/O, so this too is a bad
   * body (a 400), never a server failure.
   */
  public static IllegalArgumentException of(CharConversionException e) {
    return new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
  }
}
