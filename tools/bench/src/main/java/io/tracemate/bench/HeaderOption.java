package io.tracemate.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code --header NAME:VALUE} option: names lower-cased (HTTP/2 and gRPC metadata want them so). */
final class HeaderOption {
  private HeaderOption() {}

  static Map<String, String> parse(List<String> values) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String value : values) {
      int colon = value.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header must be NAME:VALUE, got '" + value + "'");
      }
      headers.put(
          value.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          value.substring(colon + 1).strip());
    }
    return headers;
  }
}
