package io.tracemate.common.labels;

/**
 * The label-name rule Prometheus and Loki share, {@code [a-zA-Z_][a-zA-Z0-9_]*}, in one place for every signal: stream
 * labels and structured metadata of logs, LogQL pattern captures and extracted labels, span-metrics labels. What a
 * caller puts before a name that starts with a digit differs by convention (Loki {@code _}, the Collector's span
 * metrics {@code key_}), so that stays with the caller. Stateless.
 */
public final class LabelNames {
  private LabelNames() {}

  /** Whether {@code c} may stand in a label name; a digit only after the first character. */
  public static boolean isNameChar(char c, boolean first) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || (!first && c >= '0' && c <= '9');
  }

  /** Whether {@code name} is a label name (not empty, and every character allowed where it stands). */
  public static boolean isValid(CharSequence name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isNameChar(name.charAt(i), i == 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code name} with every character a label name may not hold anywhere replaced by {@code _} ({@code http.route}
   * → {@code http_route}); a leading digit is kept for the caller to prefix. The same instance when nothing changes.
   */
  public static String replaceInvalid(String name) {
    StringBuilder out = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean valid = isNameChar(c, false);
      if (!valid && out == null) {
        out = new StringBuilder(name.length()).append(name, 0, i);
      }
      if (out != null) {
        out.append(valid ? c : '_');
      }
    }
    return out == null ? name : out.toString();
  }
}
