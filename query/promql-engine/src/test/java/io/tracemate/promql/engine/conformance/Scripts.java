package io.tracemate.promql.engine.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads test scripts and lists from the test classpath. */
final class Scripts {
  private Scripts() {}

  static String resource(String path) {
    try (InputStream in = Scripts.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Non-comment lines of a list file: {@code key reason...}, keyed by the first word. */
  static Map<String, String> list(String path) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (String line : resource(path).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 2);
      entries.put(parts[0], parts.length > 1 ? parts[1] : "");
    }
    return entries;
  }

  static List<String> names(String path) {
    return new ArrayList<>(list(path).keySet());
  }
}
