package io.tracemate.logql.syntax;

/** How an unwrapped label value becomes a sample value. */
public enum UnwrapConversion {
  /** Parsed as a float. */
  NONE(""),
  /** {@code bytes(label)}: byte size such as {@code 20KB}. */
  BYTES("bytes"),
  /** {@code duration(label)}: Go duration, in seconds. */
  DURATION("duration"),
  /** {@code duration_seconds(label)}: same as {@link #DURATION}. */
  DURATION_SECONDS("duration_seconds");

  private final String symbol;

  UnwrapConversion(String symbol) {
    this.symbol = symbol;
  }

  /** The function name, empty for {@link #NONE}. */
  public String symbol() {
    return symbol;
  }

  static UnwrapConversion fromSymbol(String symbol) {
    for (UnwrapConversion conversion : values()) {
      if (conversion != NONE && conversion.symbol.equals(symbol)) {
        return conversion;
      }
    }
    throw new IllegalArgumentException("unknown conversion " + symbol);
  }
}
