package io.tracemate.logql.engine.template;

import io.tracemate.common.units.PrometheusDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' own template functions for rule labels and annotations ({@code template/template.go}): the humanize
 * family with its exact formats ({@code %.4g} and SI or binary prefixes), {@code humanizeTimestamp},
 * {@code toTime}, {@code parseDuration}, {@code stripPort} and {@code stripDomain}. Numbers may come as numbers or
 * as numeric text, as Prometheus' {@code convertToFloat} accepts. Stateless.
 */
final class RuleFunctions {
  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  private RuleFunctions() {}

  static void addTo(Map<String, TemplateFunctions.Function> f) {
    f.put("humanize", (a, c) -> humanize(number(a, "humanize")));
    f.put("humanize1024", (a, c) -> humanize1024(number(a, "humanize1024")));
    f.put("humanizeDuration", (a, c) -> humanizeDuration(number(a, "humanizeDuration")));
    f.put(
        "humanizePercentage",
        (a, c) -> GoFormat.formatG(number(a, "humanizePercentage") * 100, 4) + "%");
    f.put("humanizeTimestamp", (a, c) -> humanizeTimestamp(number(a, "humanizeTimestamp")));
    f.put("toTime", (a, c) -> toTime(number(a, "toTime")));
    f.put(
        "parseDuration",
        (a, c) -> {
          String text = Values.string(one(a, "parseDuration"));
          Duration d =
              PrometheusDuration.parse(text)
                  .orElseThrow(
                      () ->
                          new GoTemplate.ExecutionException(
                              "error calling parseDuration: not a valid duration string: \""
                                  + text
                                  + "\""));
          return d.toNanos() / 1e9;
        });
    f.put("stripPort", (a, c) -> stripPort(Values.string(one(a, "stripPort"))));
    f.put("stripDomain", (a, c) -> stripDomain(Values.string(one(a, "stripDomain"))));
  }

  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.formatG(v, 4);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return GoFormat.formatG(v, 4) + prefix;
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return GoFormat.formatG(v, 4) + prefix;
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.formatG(v, 4);
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return GoFormat.formatG(v, 4) + prefix;
  }

  static String humanizeDuration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.formatG(v, 4);
    }
    if (v == 0) {
      return GoFormat.formatG(v, 4) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = v < 0 ? "-" : "";
      v = Math.abs(v);
      long duration = (long) v;
      long seconds = duration % 60;
      long minutes = (duration / 60) % 60;
      long hours = (duration / 60 / 60) % 24;
      long days = duration / 60 / 60 / 24;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + GoFormat.formatG(v, 4) + "s";
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return GoFormat.formatG(v, 4) + prefix + "s";
  }

  private static Object humanizeTimestamp(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.formatG(v, 4);
    }
    return GoFormat.print(toTime(v));
  }

  private static ZonedDateTime toTime(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      throw new GoTemplate.ExecutionException("error calling toTime: value is NaN or Inf");
    }
    // Prometheus' floatToTime goes through model.Time: nanoseconds truncated to milliseconds.
    long millis = (long) (seconds * 1e9) / 1_000_000;
    return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
  }

  private static String stripPort(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? hostPort : hostPort.substring(1, end);
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || hostPort.indexOf(':') != colon) {
      return hostPort; // no port, or a bare IPv6 address
    }
    return hostPort.substring(0, colon);
  }

  private static String stripDomain(String hostPort) {
    String host = hostPort;
    String port = "";
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && hostPort.indexOf(':') == colon) {
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon);
    } else if (colon >= 0) {
      return hostPort; // IPv6: nothing to strip
    }
    if (host.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.')) {
      return hostPort; // an IPv4 address
    }
    int dot = host.indexOf('.');
    return (dot < 0 ? host : host.substring(0, dot)) + port;
  }

  private static Object one(List<Object> args, String name) {
    if (args.size() != 1) {
      throw new GoTemplate.ExecutionException(
          "wrong number of args for " + name + ": want 1 got " + args.size());
    }
    return args.get(0);
  }

  /** Prometheus' convertToFloat: numbers, and text that parses as one. */
  private static double number(List<Object> args, String name) {
    Object value = one(args, name);
    return switch (value) {
      case Number n -> n.doubleValue();
      case String s -> {
        try {
          yield Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
          throw new GoTemplate.ExecutionException(
              "error calling "
                  + name
                  + ": strconv.ParseFloat: parsing \""
                  + s
                  + "\": invalid syntax");
        }
      }
      default ->
          throw new GoTemplate.ExecutionException(
              "error calling "
                  + name
                  + ": can't convert "
                  + GoFormat.typeName(value)
                  + " to float");
    };
  }
}
