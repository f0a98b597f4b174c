package io.tracemate.codec.logs;

import io.tracemate.common.labels.LabelNames;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the Prometheus-style label string of Loki's protobuf push ({@code {app="web", env="prod"}}): names
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}, values double-quoted with Go escapes ({@code \" \\ \n \t \r} and
 * four-digit unicode escapes), commas between pairs, whitespace anywhere between tokens. Only equality
 * pairs: this is a stream's identity, not a selector. Stateless; thread-safe.
 */
public final class LabelString {
  private LabelString() {}

  /** @throws IllegalArgumentException naming the position and what was expected */
  public static LabelSet parse(String text) {
    return new Cursor(text).labels();
  }

  private static final class Cursor {
    private final String text;
    private int pos;

    Cursor(String text) {
      this.text = text;
    }

    LabelSet labels() {
      skipSpace();
      expect('{');
      List<Label> labels = new ArrayList<>();
      skipSpace();
      if (peek() == '}') {
        pos++;
      } else {
        while (true) {
          String name = name();
          skipSpace();
          expect('=');
          skipSpace();
          labels.add(new Label(name, quoted()));
          skipSpace();
          char c = peek();
          pos++;
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw error(pos - 1, "expected ',' or '}'");
          }
          skipSpace();
          if (peek() == '}') { // a trailing comma, as Prometheus' parser allows
            pos++;
            break;
          }
        }
      }
      skipSpace();
      if (pos != text.length()) {
        throw error(pos, "unexpected text after '}'");
      }
      try {
        return new LabelSet(labels);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid labels " + abbreviate(text) + ": " + e.getMessage(), e);
      }
    }

    private String name() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (!LabelNames.isNameChar(c, pos == start)) {
          break;
        }
        pos++;
      }
      if (pos == start) {
        throw error(pos, "expected a label name");
      }
      return text.substring(start, pos);
    }

    private String quoted() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error(pos, "unterminated quoted value");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= text.length()) {
          throw error(pos, "unterminated escape");
        }
        char escaped = text.charAt(pos++);
        switch (escaped) {
          case '"', '\\', '\'' -> out.append(escaped);
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error(pos, "truncated \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            } catch (NumberFormatException e) {
              throw error(pos, "invalid \\u escape");
            }
            pos += 4;
          }
          default -> throw error(pos - 2, "unknown escape '\\" + escaped + "'");
        }
      }
    }

    private char peek() {
      if (pos >= text.length()) {
        throw error(pos, "unexpected end of labels");
      }
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error(pos, "expected '" + c + "'");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException error(int at, String problem) {
      return new IllegalArgumentException(
          "invalid labels " + abbreviate(text) + ": " + problem + " at position " + at);
    }
  }

  private static String abbreviate(String text) {
    return "'" + (text.length() <= 200 ? text : text.substring(0, 197) + "...") + "'";
  }
}
