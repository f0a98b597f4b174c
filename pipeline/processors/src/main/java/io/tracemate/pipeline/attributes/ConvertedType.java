package io.tracemate.pipeline.attributes;

import java.util.Locale;

/** Targets of the convert action: the collector's int, double, string, plus bool. */
public enum ConvertedType {
  INT,
  DOUBLE,
  STRING,
  BOOL;

  /** The type for a config name ("int"), or null when unknown. */
  public static ConvertedType fromConfig(String name) {
    for (ConvertedType t : values()) {
      if (t.name().toLowerCase(Locale.ROOT).equals(name)) {
        return t;
      }
    }
    return null;
  }
}
