package io.tracemate.http.loki.patterns;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tracemate.http.support.JsonBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A log line cut into the tokens {@link Drain} compares, and how to put a template's tokens back together so that
 * the result, used as a LogQL {@code |>} pattern, matches the lines it came from.
 *
 * <p>Cutting follows Loki's punctuation tokenizer: letters, digits and {@code _ - . : /} stay inside a token (so
 * {@code 10.0.0.1:8080}, {@code /api/orders} and {@code 2024-05-01T10:00:00Z} are one token each); a space ends a
 * token and is remembered; {@code =} and every other punctuation character is a token of its own. For a JSON
 * object with a message field ({@code log}, {@code message}, {@code msg}, {@code msg_}, {@code _msg},
 * {@code content}, Loki's list) only that field's text, as written in the line, is cut, and the template is
 * wrapped in {@code <_>...<_>}; a JSON object without one is cut whole. Lines longer than
 * {@value #MAX_LINE_LENGTH} characters are not cut (Loki's limit). Immutable.
 */
public record Tokens(String[] tokens, Layout layout) {
  static final int MAX_LINE_LENGTH = 3000;

  /** Loki cuts at most this many tokens; the rest of the line is the last one. */
  static final int MAX_CUT = 127;

  private static final List<String> MESSAGE_FIELDS =
      List.of("log", "message", "msg", "msg_", "_msg", "content");

  /** Puts tokens back together. */
  public interface Layout {
    String join(String[] tokens);
  }

  /** @return the tokens of a line, or null when it is empty or too long to mine */
  public static Tokens of(String line) {
    if (line.isEmpty() || line.length() > MAX_LINE_LENGTH) {
      return null;
    }
    if (line.charAt(0) == '{') {
      String message = jsonMessage(line);
      if (message != null) {
        Tokens inner = punctuation(message);
        return inner == null
            ? null
            : new Tokens(
                inner.tokens(),
                tokens -> collapse(Drain.WILDCARD + inner.layout().join(tokens) + Drain.WILDCARD));
      }
    }
    return punctuation(line);
  }

  private static Tokens punctuation(String line) {
    List<String> tokens = new ArrayList<>();
    List<Integer> spaces =
        new ArrayList<>(); // spaces after token i; index 0 holds the leading spaces
    spaces.add(0);
    int start = 0;
    int i = 0;
    while (i < line.length() && tokens.size() < MAX_CUT) {
      int c = line.codePointAt(i);
      int width = Character.charCount(c);
      if (Character.isLetterOrDigit(c)
          || c == '_'
          || c == '-'
          || c == '.'
          || c == ':'
          || c == '/') {
        i += width;
        continue;
      }
      if (c == ' ' || c == '=' || isPunctuation(c)) {
        if (i > start) {
          tokens.add(line.substring(start, i));
          spaces.add(0);
        }
        if (c == ' ') {
          spaces.set(spaces.size() - 1, spaces.getLast() + 1);
        } else {
          tokens.add(line.substring(i, i + width));
          spaces.add(0);
        }
        start = i + width;
      }
      i += width;
    }
    if (start < line.length()) {
      tokens.add(line.substring(start));
      spaces.add(0);
    }
    if (tokens.isEmpty()) {
      return null;
    }
    int[] layout = spaces.stream().mapToInt(Integer::intValue).toArray();
    return new Tokens(
        tokens.toArray(String[]::new),
        joined -> {
          StringBuilder out = new StringBuilder(line.length() + 16);
          out.repeat(' ', layout[0]);
          for (int t = 0; t < joined.length; t++) {
            out.append(joined[t]);
            out.repeat(' ', layout[t + 1]);
          }
          return collapse(out.toString());
        });
  }

  private static boolean isPunctuation(int c) {
    return switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  /** Adjacent wildcards become one: LogQL refuses consecutive captures, and they match the same lines. */
  static String collapse(String pattern) {
    String twice = Drain.WILDCARD + Drain.WILDCARD;
    String out = pattern;
    while (out.contains(twice)) {
      out = out.replace(twice, Drain.WILDCARD);
    }
    return out;
  }

  /** The first message field's string value as it appears in the line (escapes kept), or null. */
  private static String jsonMessage(String line) {
    try (JsonParser parser = JsonBody.parser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String[] found = new String[MESSAGE_FIELDS.size()];
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        int field = MESSAGE_FIELDS.indexOf(parser.currentName());
        JsonToken value = parser.nextToken();
        if (field >= 0 && value == JsonToken.VALUE_STRING && found[field] == null) {
          int open = (int) parser.currentTokenLocation().getCharOffset();
          parser.finishToken();
          int close = (int) parser.currentLocation().getCharOffset();
          found[field] =
              open >= 0 && close > open + 1 && close <= line.length()
                  ? line.substring(open + 1, close - 1)
                  : parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      for (String message : found) {
        if (message != null) {
          return message;
        }
      }
      return null;
    } catch (IOException notJson) {
      return null;
    }
  }
}
