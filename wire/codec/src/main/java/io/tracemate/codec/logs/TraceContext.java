package io.tracemate.codec.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the trace context of a pushed Loki line so the store can index it: first in the entry's structured
 * metadata ({@code trace_id}, {@code traceId}, {@code traceID}; same for span IDs), then, only when the line
 * mentions a trace ID at all, in the line itself as a top-level JSON field (lines starting with '{') or a logfmt
 * field. IDs are normalised to lowercase hex; a 64-bit (16-digit) trace ID is left-padded to 32 digits, as the
 * trace store keeps it. Values that are not hex IDs of the right size are ignored. Stateless; thread-safe.
 */
public final class TraceContext {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String[] TRACE_KEYS = {"trace_id", "traceId", "traceID"};
  private static final String[] SPAN_KEYS = {"span_id", "spanId", "spanID"};

  /** A logfmt pair: key at the start or after whitespace, value optionally quoted. */
  private static final Pattern LOGFMT =
      Pattern.compile(
          "(?:^|\\s)(trace_id|traceId|traceID|span_id|spanId|spanID)=\"?([0-9a-fA-F]{16,32})\"?(?=\\s|$)");

  private TraceContext() {}

  /** The entry with {@code trace_id}/{@code span_id} metadata added when found; the same entry otherwise. */
  public static LogEntry enrich(LogEntry entry) {
    LabelSet metadata = entry.metadata();
    String traceId = fromMetadata(metadata, TRACE_KEYS, 32);
    String spanId = fromMetadata(metadata, SPAN_KEYS, 16);
    String line = entry.line();
    if ((traceId == null || spanId == null) && mentionsTrace(line)) {
      String[] found = line.startsWith("{") ? fromJson(line) : fromLogfmt(line);
      traceId = traceId != null ? traceId : found[0];
      spanId = spanId != null ? spanId : found[1];
    }
    LabelSet enriched = metadata;
    if (traceId != null && !traceId.equals(metadata.get(LogEntry.TRACE_ID))) {
      enriched = enriched.with(LogEntry.TRACE_ID, traceId);
    }
    if (spanId != null && !spanId.equals(metadata.get(LogEntry.SPAN_ID))) {
      enriched = enriched.with(LogEntry.SPAN_ID, spanId);
    }
    return enriched == metadata
        ? entry
        : new LogEntry(entry.timestampNanos(), line, enriched, entry.lineBytes());
  }

  private static boolean mentionsTrace(String line) {
    return line.contains("trace_id") || line.contains("traceId") || line.contains("traceID");
  }

  private static String fromMetadata(LabelSet metadata, String[] keys, int digits) {
    for (String key : keys) {
      String id = normalise(metadata.get(key), digits);
      if (id != null) {
        return id;
      }
    }
    return null;
  }

  private static String[] fromJson(String line) {
    String[] found = new String[2];
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return found;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          if (found[0] == null && isOneOf(name, TRACE_KEYS)) {
            found[0] = normalise(parser.getText(), 32);
          } else if (found[1] == null && isOneOf(name, SPAN_KEYS)) {
            found[1] = normalise(parser.getText(), 16);
          }
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // Not JSON after all (or truncated): a line is free to look like anything.
    }
    return found;
  }

  private static String[] fromLogfmt(String line) {
    String[] found = new String[2];
    Matcher matcher = LOGFMT.matcher(line);
    while (matcher.find() && (found[0] == null || found[1] == null)) {
      boolean trace = matcher.group(1).startsWith("trace");
      int slot = trace ? 0 : 1;
      if (found[slot] == null) {
        found[slot] = normalise(matcher.group(2), trace ? 32 : 16);
      }
    }
    return found;
  }

  private static boolean isOneOf(String name, String[] keys) {
    for (String key : keys) {
      if (key.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Lowercase hex of exactly {@code digits} (a trace ID of 16 digits is padded), or null; all zeros is absent. */
  static String normalise(String value, int digits) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    if (length != digits && !(digits == 32 && length == 16)) {
      return null;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return null;
      }
      nonZero |= c != '0';
    }
    if (!nonZero) {
      return null;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    return length == digits ? lower : "0000000000000000" + lower;
  }
}
