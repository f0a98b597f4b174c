package io.tracemate.model;

/** OTLP status codes, in OTLP's numbering. */
public enum StatusCode {
  UNSET,
  OK,
  ERROR;

  private static final StatusCode[] VALUES = values();

  public static StatusCode fromNumber(int number) {
    return number >= 0 && number < VALUES.length ? VALUES[number] : UNSET;
  }
}
