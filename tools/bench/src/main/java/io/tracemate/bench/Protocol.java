package io.tracemate.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Ingest protocols the bench can drive. */
public enum Protocol {
  OTLP_GRPC("otlp-grpc"),
  OTLP_HTTP("otlp-http"),
  /** OTLP/HTTP with OTLP/JSON bodies, to the same endpoint as {@link #OTLP_HTTP}. */
  OTLP_JSON("otlp-json"),
  ZIPKIN_JSON("zipkin-json");

  private final String cliName;

  Protocol(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Protocol fromCliName(String name) {
    for (Protocol protocol : values()) {
      if (protocol.cliName.equalsIgnoreCase(name.trim())) {
        return protocol;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol '"
            + name
            + "' (expected one of "
            + Arrays.stream(values()).map(Protocol::cliName).collect(Collectors.joining(", "))
            + ")");
  }

  @Override
  public String toString() {
    return cliName;
  }
}
