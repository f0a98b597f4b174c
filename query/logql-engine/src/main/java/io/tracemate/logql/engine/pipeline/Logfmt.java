package io.tracemate.logql.engine.pipeline;

import java.util.function.BiConsumer;

/**
 * A logfmt decoder with go-logfmt's rules: {@code key=value}, {@code key="quoted \"value\""}, standalone keys,
 * pairs separated by whitespace. Strict mode stops at the first malformed pair; lenient mode (Loki's default) skips
 * it and goes on. Stateless.
 */
final class Logfmt {
  private Logfmt() {}

  /**
   * Feeds each pair to {@code sink} (value null for a standalone key).
   *
   * @return null, or the first syntax error ("logfmt syntax error at pos 5 : unexpected '='")
   */
  static String decode(String line, boolean strict, BiConsumer<String, String> sink) {
    int n = line.length();
    int i = 0;
    String firstError = null;
    while (i < n) {
      while (i < n && line.charAt(i) <= ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      int keyStart = i;
      String error = null;
      while (i < n) {
        char c = line.charAt(i);
        if (c == '=' || c <= ' ') {
          break;
        }
        if (c == '"') {
          error = "unexpected '\"'";
          break;
        }
        i++;
      }
      String key = line.substring(keyStart, i);
      if (error == null && key.isEmpty()) {
        error = "unexpected '='";
      }
      String value = null;
      if (error == null && i < n && line.charAt(i) == '=') {
        i++;
        if (i < n && line.charAt(i) == '"') {
          StringBuilder out = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
              closed = true;
              i++;
              break;
            }
            if (c == '\\' && i + 1 < n) {
              char e = line.charAt(i + 1);
              switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                  if (i + 5 < n) {
                    try {
                      out.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                      i += 4;
                    } catch (NumberFormatException ex) {
                      out.append('u');
                    }
                  }
                }
                default -> out.append(e);
              }
              i += 2;
              continue;
            }
            out.append(c);
            i++;
          }
          if (!closed) {
            error = "unterminated quoted value";
          } else {
            value = out.toString();
          }
        } else {
          int valueStart = i;
          while (i < n && line.charAt(i) > ' ') {
            char c = line.charAt(i);
            if (c == '=' || c == '"') {
              error = "unexpected '" + c + "'";
              break;
            }
            i++;
          }
          if (error == null) {
            value = line.substring(valueStart, i);
          }
        }
      }
      if (error != null) {
        String message = "logfmt syntax error at pos " + (i + 1) + " : " + error;
        if (strict) {
          return message;
        }
        if (firstError == null) {
          firstError = message;
        }
        while (i < n && line.charAt(i) > ' ') {
          i++;
        }
        continue;
      }
      sink.accept(key, value);
    }
    return null;
  }
}
