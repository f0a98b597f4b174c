package io.tracemate.pipeline.attributes;

import com.google.re2j.Pattern;
import io.tracemate.model.AttributeValue;
import io.tracemate.pipeline.attributes.AttributeAction.FromAttribute;
import io.tracemate.pipeline.attributes.AttributeAction.Literal;
import io.tracemate.pipeline.attributes.AttributeAction.ValueSource;
import io.tracemate.pipeline.attributes.AttributeAction.WriteMode;
import io.tracemate.pipeline.config.ActionConfig;
import io.tracemate.pipeline.config.ConfigProblems;
import io.tracemate.pipeline.config.ConfigRegexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Validates action configs with the collector's rules and compiles them; every problem is recorded. */
final class ActionCompiler {
  static final String ACTIONS = "insert, update, upsert, delete, hash, extract, convert or rename";

  private ActionCompiler() {}

  static List<AttributeAction> compile(
      List<ActionConfig> configs, ConfigProblems problems, String path) {
    List<AttributeAction> actions = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      String at = path + "[" + i + "]";
      ActionConfig c = configs.get(i);
      if (c == null) {
        problems.add(at, "empty action");
        continue;
      }
      AttributeAction action = compile(c, problems, at);
      if (action != null) {
        actions.add(action);
      }
    }
    return actions;
  }

  private static AttributeAction compile(ActionConfig c, ConfigProblems p, String at) {
    String action = c.action() == null ? "" : c.action().toLowerCase(Locale.ROOT);
    int before = p.size();
    if (c.fromContext() != null) {
      p.add(
          at + ".from_context",
          "is not supported: spans reach Tracemate's pipeline without the client's "
              + "request metadata; use value or from_attribute");
    }
    switch (action) {
      case "insert", "update", "upsert" -> {
        requireKey(c, action, p, at);
        int sources =
            (c.value() != null ? 1 : 0)
                + (present(c.fromAttribute()) ? 1 : 0)
                + (c.fromContext() != null ? 1 : 0);
        if (sources == 0 && c.defaultValue() == null) {
          p.add(at, action + " needs one of value, from_attribute or default_value");
        }
        if (sources > 1) {
          p.add(at, action + " takes only one of value, from_attribute and from_context");
        }
        forbid(c.pattern(), "pattern", action, p, at);
        forbid(c.convertedType(), "converted_type", action, p, at);
        AttributeValue literal = literal(c.value(), p, at + ".value");
        AttributeValue fallback = literal(c.defaultValue(), p, at + ".default_value");
        if (p.size() > before) {
          return null;
        }
        ValueSource source =
            literal != null
                ? new Literal(literal)
                : present(c.fromAttribute())
                    ? new FromAttribute(c.fromAttribute(), fallback)
                    : new Literal(fallback);
        WriteMode mode =
            switch (action) {
              case "insert" -> WriteMode.INSERT;
              case "update" -> WriteMode.UPDATE;
              default -> WriteMode.UPSERT;
            };
        return new AttributeAction.Write(c.key(), source, mode);
      }
      case "delete", "hash" -> {
        if (!present(c.key()) && !present(c.pattern())) {
          p.add(at, action + " needs key and/or pattern");
        }
        forbidSources(c, action, p, at);
        forbid(c.convertedType(), "converted_type", action, p, at);
        Pattern keyPattern =
            present(c.pattern()) ? ConfigRegexes.compile(c.pattern(), p, at + ".pattern") : null;
        if (p.size() > before) {
          return null;
        }
        String key = present(c.key()) ? c.key() : null;
        return action.equals("delete")
            ? new AttributeAction.Delete(key, keyPattern)
            : new AttributeAction.Hash(key, keyPattern);
      }
      case "extract" -> {
        requireKey(c, action, p, at);
        forbidSources(c, action, p, at);
        forbid(c.convertedType(), "converted_type", action, p, at);
        List<String> groups = List.of();
        if (!present(c.pattern())) {
          p.add(at, "extract needs a pattern with named groups, e.g. ^/api/(?P<version>v[0-9]+)/");
        } else {
          Pattern re = ConfigRegexes.compile(c.pattern(), p, at + ".pattern");
          if (re != null) {
            groups = checkGroups(re, p, at + ".pattern");
          }
          if (p.size() == before) {
            return new AttributeAction.Extract(c.key(), re, groups);
          }
        }
        return null;
      }
      case "convert" -> {
        requireKey(c, action, p, at);
        forbidSources(c, action, p, at);
        forbid(c.pattern(), "pattern", action, p, at);
        ConvertedType type = ConvertedType.fromConfig(c.convertedType());
        if (c.convertedType() == null) {
          p.add(at + ".converted_type", "is required for convert: int, double, string or bool");
        } else if (type == null) {
          p.add(
              at + ".converted_type",
              "'" + c.convertedType() + "' is not one of int, double, string, bool");
        }
        return p.size() > before ? null : new AttributeAction.Convert(c.key(), type);
      }
      case "rename" -> {
        requireKey(c, action, p, at);
        if (!present(c.fromAttribute())) {
          p.add(at, "rename needs from_attribute (the old key) and key (the new key)");
        } else if (c.fromAttribute().equals(c.key())) {
          p.add(at, "rename from_attribute and key are both '" + c.key() + "'");
        }
        forbid(c.value(), "value", action, p, at);
        forbid(c.defaultValue(), "default_value", action, p, at);
        forbid(c.pattern(), "pattern", action, p, at);
        forbid(c.convertedType(), "converted_type", action, p, at);
        return p.size() > before ? null : new AttributeAction.Rename(c.key(), c.fromAttribute());
      }
      case "" -> {
        p.add(at + ".action", "is required: " + ACTIONS);
        return null;
      }
      default -> {
        p.add(at + ".action", "unknown action '" + c.action() + "': expected " + ACTIONS);
        return null;
      }
    }
  }

  private static List<String> checkGroups(Pattern re, ConfigProblems p, String at) {
    List<String> names = ConfigRegexes.groupNames(re);
    if (names.isEmpty()) {
      p.add(at, "has no named groups; write (?P<name>...) or (?<name>...)");
    } else if (re.groupCount() != names.size()) {
      p.add(at, "has unnamed capturing groups; name every group or make it non-capturing (?:...)");
    }
    return names;
  }

  private static AttributeValue literal(Object raw, ConfigProblems p, String at) {
    try {
      return AttributeValues.fromConfig(raw);
    } catch (IllegalArgumentException | ArithmeticException e) {
      p.add(at, e.getMessage());
      return null;
    }
  }

  private static void requireKey(ActionConfig c, String action, ConfigProblems p, String at) {
    if (!present(c.key())) {
      p.add(at, action + " needs key");
    }
  }

  private static void forbidSources(ActionConfig c, String action, ConfigProblems p, String at) {
    forbid(c.value(), "value", action, p, at);
    forbid(c.fromAttribute(), "from_attribute", action, p, at);
    forbid(c.defaultValue(), "default_value", action, p, at);
  }

  private static void forbid(
      Object value, String field, String action, ConfigProblems p, String at) {
    if (value != null && !"".equals(value)) {
      p.add(at, action + " does not use " + field);
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}
