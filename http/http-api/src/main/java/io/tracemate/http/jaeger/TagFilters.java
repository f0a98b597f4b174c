package io.tracemate.http.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.JsonBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tag filters of a trace search: Jaeger's {@code tags} parameter (a JSON object of string to
 * string, or, when it is not JSON, logfmt-style {@code key=value} pairs separated by spaces with optional
 * double-quoted values) and the legacy {@code tag=key:value}. Repeated parameters are merged; {@code tag}
 * values are applied first and {@code tags} values override them, as Jaeger does. Thread-safe.
 */
public final class TagFilters {

  private TagFilters() {}

  /**
   * Merges every {@code tag} and {@code tags} value into one map, in request order.
   *
   * @throws BadRequestException naming the parameter and the malformed value
   */
  public static Map<String, String> parse(List<String> tagParams, List<String> tagsParams) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String tag : tagParams) {
      int colon = tag.indexOf(':');
      if (colon <= 0) {
        throw new BadRequestException(
            "malformed 'tag' parameter, expecting key:value, received: " + tag);
      }
      merged.put(tag.substring(0, colon), tag.substring(colon + 1));
    }
    for (String tags : tagsParams) {
      merged.putAll(parseTagsValue(tags, "tags"));
    }
    return merged;
  }

  /** One {@code tags} value: a JSON object when it starts with '{', logfmt pairs otherwise. */
  static Map<String, String> parseTagsValue(String value, String param) {
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return Map.of();
    }
    if (trimmed.charAt(0) == '{') {
      return parseJsonObject(trimmed, param);
    }
    return parseLogfmt(trimmed, param);
  }

  /**
   * A JSON object whose values are strings (numbers and booleans are taken as their text).
   *
   * @throws BadRequestException for anything else
   */
  public static Map<String, String> parseJsonObject(String json, String param) {
    return parseJsonObjectOr(json, "malformed '" + param + "' parameter");
  }

  /**
   * {@link #parseJsonObject(String, String)} with errors beginning {@code malformed}, the API's own wording of
   * "this parameter is malformed" (api_v3: {@code malformed parameter query.attributes}).
   */
  static Map<String, String> parseJsonObjectOr(String json, String malformed) {
    JsonNode root;
    try {
      root = JsonBody.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BadRequestException(
          malformed
              + ", cannot parse JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException(
          malformed + ": expected a JSON object of string to string, received: " + json);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      JsonNode node = field.getValue();
      if (!node.isValueNode() || node.isNull()) {
        throw new BadRequestException(
            malformed
                + ": the value of '"
                + field.getKey()
                + "' must be a string, received: "
                + node);
      }
      out.put(field.getKey(), node.asText());
    }
    return out;
  }

  /** {@code a=1 b="two words" c="with \"quotes\""}. */
  static Map<String, String> parseLogfmt(String text, String param) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int keyStart = i;
      while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      String key = text.substring(keyStart, i);
      if (i >= n || text.charAt(i) != '=' || key.isEmpty()) {
        throw new BadRequestException(
            "malformed '"
                + param
                + "' parameter: expected a JSON object or"
                + " key=value pairs, but '"
                + (key.isEmpty() ? text.substring(keyStart) : key)
                + "' at position "
                + keyStart
                + " is not key=value");
      }
      i++; // '='
      StringBuilder value = new StringBuilder();
      if (i < n && text.charAt(i) == '"') {
        int quoteAt = i;
        i++;
        boolean closed = false;
        while (i < n) {
          char c = text.charAt(i++);
          if (c == '\\' && i < n) {
            value.append(text.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new BadRequestException(
              "malformed '"
                  + param
                  + "' parameter: the quote opened at position "
                  + quoteAt
                  + " for '"
                  + key
                  + "' is never closed");
        }
        if (i < n && !Character.isWhitespace(text.charAt(i))) {
          throw new BadRequestException(
              "malformed '"
                  + param
                  + "' parameter: expected a space after the"
                  + " quoted value of '"
                  + key
                  + "' at position "
                  + i);
        }
      } else {
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          value.append(text.charAt(i++));
        }
      }
      out.put(key, value.toString());
    }
    return out;
  }
}
