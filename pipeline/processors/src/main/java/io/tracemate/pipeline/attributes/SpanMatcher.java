package io.tracemate.pipeline.attributes;

import com.google.re2j.Pattern;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.AttributeValue.BoolValue;
import io.tracemate.model.AttributeValue.DoubleValue;
import io.tracemate.model.AttributeValue.LongValue;
import io.tracemate.model.AttributeValue.StringValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.pipeline.config.ConfigProblems;
import io.tracemate.pipeline.config.ConfigRegexes;
import io.tracemate.pipeline.config.MatchConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The collector's include/exclude match properties for spans (see {@link MatchConfig}). The service is the
 * resource's service.name, or {@code OTLPResourceNoServiceName} (what the UI shows) when it has none.
 * Immutable and thread-safe.
 */
public final class SpanMatcher {
  private static final List<String> KIND_NAMES =
      Arrays.stream(SpanKind.values()).map(SpanMatcher::kindName).toList();

  private final Strings services;
  private final Strings spanNames;
  private final Strings spanKinds;
  private final List<AttributeMatcher> attributes;
  private final List<AttributeMatcher> resources;
  private final List<LibraryMatcher> libraries;

  private SpanMatcher(
      Strings services,
      Strings spanNames,
      Strings spanKinds,
      List<AttributeMatcher> attributes,
      List<AttributeMatcher> resources,
      List<LibraryMatcher> libraries) {
    this.services = services;
    this.spanNames = spanNames;
    this.spanKinds = spanKinds;
    this.attributes = attributes;
    this.resources = resources;
    this.libraries = libraries;
  }

  /** Whether a span is selected: {@code include} (if any) matches and {@code exclude} (if any) does not. */
  public static boolean selected(Span span, SpanMatcher include, SpanMatcher exclude) {
    return (include == null || include.matches(span))
        && (exclude == null || !exclude.matches(span));
  }

  public boolean matches(Span span) {
    if (services != null && !services.matches(span.serviceName())) {
      return false;
    }
    if (spanNames != null && !spanNames.matches(span.name())) {
      return false;
    }
    if (spanKinds != null && !spanKinds.matches(kindName(span.kind()))) {
      return false;
    }
    for (LibraryMatcher library : libraries) {
      if (!library.name().matches(span.scope().name())
          || (library.version() != null && !library.version().matches(span.scope().version()))) {
        return false;
      }
    }
    for (AttributeMatcher m : resources) {
      if (!m.matches(span.resource().attributes())) {
        return false;
      }
    }
    for (AttributeMatcher m : attributes) {
      if (!m.matches(span.attributes())) {
        return false;
      }
    }
    return true;
  }

  static String kindName(SpanKind kind) {
    return "SPAN_KIND_" + kind.name();
  }

  /** The matcher, or null when {@code config} is null or invalid (problems recorded under {@code path}). */
  public static SpanMatcher compile(MatchConfig config, ConfigProblems problems, String path) {
    if (config == null) {
      return null;
    }
    String type = config.matchType() == null ? "" : config.matchType().toLowerCase(Locale.ROOT);
    if (!type.equals("strict") && !type.equals("regexp")) {
      problems.add(
          path + ".match_type",
          config.matchType() == null
              ? "is required: strict or regexp"
              : "'" + config.matchType() + "' is not strict or regexp");
      return null;
    }
    boolean regexp = type.equals("regexp");
    int before = problems.size();
    if (config.services().isEmpty()
        && config.spanNames().isEmpty()
        && config.spanKinds().isEmpty()
        && config.attributes().isEmpty()
        && config.resources().isEmpty()
        && config.libraries().isEmpty()) {
      problems.add(
          path,
          "needs at least one of services, span_names, span_kinds, attributes, resources "
              + "or libraries");
    }
    Strings services = Strings.of(config.services(), regexp, problems, path + ".services");
    Strings names = Strings.of(config.spanNames(), regexp, problems, path + ".span_names");
    List<String> kinds =
        regexp ? config.spanKinds() : canonicalKinds(config.spanKinds(), problems, path);
    Strings spanKinds = Strings.of(kinds, regexp, problems, path + ".span_kinds");
    List<AttributeMatcher> attributes =
        attributeMatchers(config.attributes(), regexp, problems, path + ".attributes");
    List<AttributeMatcher> resources =
        attributeMatchers(config.resources(), regexp, problems, path + ".resources");
    List<LibraryMatcher> libraries = new ArrayList<>();
    for (int i = 0; i < config.libraries().size(); i++) {
      MatchConfig.Library library = config.libraries().get(i);
      String at = path + ".libraries[" + i + "]";
      if (library == null || library.name() == null) {
        problems.add(at, "needs name");
        continue;
      }
      Strings name = Strings.of(List.of(library.name()), regexp, problems, at + ".name");
      Strings version =
          library.version() == null
              ? null
              : Strings.of(List.of(library.version()), regexp, problems, at + ".version");
      libraries.add(new LibraryMatcher(name, version));
    }
    if (problems.size() > before) {
      return null;
    }
    return new SpanMatcher(
        services,
        names,
        spanKinds,
        List.copyOf(attributes),
        List.copyOf(resources),
        List.copyOf(libraries));
  }

  /** Strict kinds accept SPAN_KIND_SERVER, SERVER or server; an unknown kind is an error, not a silent miss. */
  private static List<String> canonicalKinds(
      List<String> kinds, ConfigProblems problems, String path) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      String raw = kinds.get(i) == null ? "" : kinds.get(i).toUpperCase(Locale.ROOT);
      String name = raw.startsWith("SPAN_KIND_") ? raw : "SPAN_KIND_" + raw;
      if (KIND_NAMES.contains(name)) {
        out.add(name);
      } else {
        problems.add(
            path + ".span_kinds[" + i + "]",
            "unknown span kind '"
                + kinds.get(i)
                + "': expected one of "
                + String.join(", ", KIND_NAMES));
      }
    }
    return out;
  }

  private static List<AttributeMatcher> attributeMatchers(
      List<MatchConfig.AttributeMatch> configs,
      boolean regexp,
      ConfigProblems problems,
      String path) {
    List<AttributeMatcher> out = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      MatchConfig.AttributeMatch c = configs.get(i);
      String at = path + "[" + i + "]";
      if (c == null || c.key() == null || c.key().isEmpty()) {
        problems.add(at, "needs key");
        continue;
      }
      if (c.value() == null) {
        out.add(new AttributeMatcher(c.key(), null, null));
      } else if (regexp) {
        if (c.value() instanceof String re) {
          out.add(
              new AttributeMatcher(
                  c.key(), null, ConfigRegexes.compile(re, problems, at + ".value")));
        } else {
          problems.add(at + ".value", "match_type regexp needs a string value, got " + c.value());
        }
      } else {
        try {
          out.add(new AttributeMatcher(c.key(), AttributeValues.fromConfig(c.value()), null));
        } catch (IllegalArgumentException | ArithmeticException e) {
          problems.add(at + ".value", e.getMessage());
        }
      }
    }
    return out;
  }

  /** Either a set of exact strings or a list of unanchored regexes; any one matching is a match. */
  private record Strings(Set<String> exact, List<Pattern> patterns) {
    static Strings of(List<String> items, boolean regexp, ConfigProblems problems, String path) {
      if (items.isEmpty()) {
        return null;
      }
      if (!regexp) {
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i) == null) {
            problems.add(path + "[" + i + "]", "must not be null");
            return null;
          }
        }
        return new Strings(Set.copyOf(items), null);
      }
      List<Pattern> patterns = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Pattern p = ConfigRegexes.compile(items.get(i), problems, path + "[" + i + "]");
        if (p != null) {
          patterns.add(p);
        }
      }
      return new Strings(null, List.copyOf(patterns));
    }

    boolean matches(String value) {
      if (exact != null) {
        return exact.contains(value);
      }
      for (Pattern p : patterns) {
        if (p.matcher(value).find()) {
          return true;
        }
      }
      return false;
    }
  }

  private record LibraryMatcher(Strings name, Strings version) {}

  /**
   * Key present; plus, when configured, the value equal with its type (strict: 200 does not equal "200"), or
   * the regex matching the text of a string, bool, int or double value (other types never match).
   */
  private record AttributeMatcher(String key, AttributeValue expected, Pattern regex) {
    boolean matches(List<Attribute> attributes) {
      AttributeValue v = Attribute.find(attributes, key);
      if (v == null) {
        return false;
      }
      if (regex != null) {
        String text =
            switch (v) {
              case StringValue s -> s.value();
              case BoolValue b -> Boolean.toString(b.value());
              case LongValue l -> Long.toString(l.value());
              case DoubleValue d -> AttributeValues.plainDecimal(d.value());
              default -> null;
            };
        return text != null && regex.matcher(text).find();
      }
      return expected == null || expected.equals(v);
    }
  }
}
