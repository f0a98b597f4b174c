package io.tracemate.pipeline.redaction;

import com.google.re2j.Pattern;
import io.tracemate.component.LogBatch;
import io.tracemate.component.Processor;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.AttributeValue.ArrayValue;
import io.tracemate.model.AttributeValue.KeyValueList;
import io.tracemate.model.AttributeValue.StringValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.pipeline.SpanProcessor;
import io.tracemate.pipeline.config.ConfigProblems;
import io.tracemate.pipeline.config.ConfigRegexes;
import io.tracemate.pipeline.config.RedactionConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Masks sensitive values before spans reach the WAL. For each span attribute, in the collector's order:
 *
 * <ol>
 *   <li>{@code ignored_keys} pass untouched;
 *   <li>with {@code allow_all_keys: false}, keys not in {@code allowed_keys} are dropped, or with
 *       {@code disallowed_keys: mask} kept with the mask as value;
 *   <li>keys matching {@code blocked_key_patterns} get the mask as value;
 *   <li>string values (also inside arrays and maps) go through the value rules in order: the shipped
 *       {@code patterns}, then {@code custom_patterns}, then {@code blocked_values}; each replaces what it matches.
 * </ol>
 *
 * <p>Span events' attributes go through the same steps except the allow-list (which would otherwise drop
 * exception.message and friends); resource, scope and link attributes are not touched. Counters, by name:
 * each value rule counts the values it redacted, plus {@code blocked_key_patterns}, {@code disallowed_keys}.
 * With {@code summary: info|debug} a changed span also gets the collector's redaction.redacted.count /
 * redaction.masked.count attributes (debug: also the .keys). {@link #forLogs} applies the same rules to log
 * batches ({@link LogRedaction}). Thread-safe: immutable rules, LongAdder counters.
 */
public final class RedactionProcessor implements SpanProcessor {
  private static final String DISALLOWED = "disallowed_keys";
  private static final String BLOCKED_KEYS = "blocked_key_patterns";

  private final boolean allowAllKeys;
  private final Set<String> allowedKeys;
  private final Set<String> ignoredKeys;
  private final boolean maskDisallowed;
  private final List<Pattern> blockedKeyPatterns;
  private final List<RedactionRule> rules;
  private final StringValue mask;
  private final String summary;
  private final Map<String, LongAdder> counters = new LinkedHashMap<>();

  private RedactionProcessor(
      RedactionConfig config, List<Pattern> blockedKeyPatterns, List<RedactionRule> rules) {
    this.allowAllKeys = config.allowAllKeys();
    this.allowedKeys = Set.copyOf(config.allowedKeys());
    this.ignoredKeys = Set.copyOf(config.ignoredKeys());
    this.maskDisallowed = config.disallowedKeys().equals("mask");
    this.blockedKeyPatterns = List.copyOf(blockedKeyPatterns);
    this.rules = List.copyOf(rules);
    this.mask = new StringValue(config.replacement());
    this.summary = config.summary();
    for (RedactionRule rule : rules) {
      counters.put(rule.name(), new LongAdder());
    }
    counters.put(BLOCKED_KEYS, new LongAdder());
    counters.put(DISALLOWED, new LongAdder());
  }

  /** The processor, or null when the config is invalid (every problem recorded under {@code path}). */
  public static RedactionProcessor create(
      RedactionConfig config, ConfigProblems problems, String path) {
    int before = problems.size();
    List<RedactionRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<String> shipped =
        config.patterns() == null ? ShippedPattern.configNames() : config.patterns();
    for (int i = 0; i < shipped.size(); i++) {
      ShippedPattern pattern = ShippedPattern.byName(shipped.get(i));
      if (pattern == null) {
        problems.add(
            path + ".patterns[" + i + "]",
            "unknown pattern '"
                + shipped.get(i)
                + "': shipped patterns are "
                + String.join(", ", ShippedPattern.configNames())
                + " (use custom_patterns for your own)");
      } else if (names.add(pattern.configName())) {
        rules.add(pattern.rule(config.replacement()));
      }
    }
    for (int i = 0; i < config.customPatterns().size(); i++) {
      RedactionConfig.CustomPattern custom = config.customPatterns().get(i);
      String at = path + ".custom_patterns[" + i + "]";
      if (custom == null || custom.name() == null || custom.name().isBlank()) {
        problems.add(at + ".name", "is required (it names the counter)");
        continue;
      }
      if (!names.add(custom.name()) || ShippedPattern.byName(custom.name()) != null) {
        problems.add(at + ".name", "'" + custom.name() + "' is already used by another pattern");
      }
      Pattern regex = ConfigRegexes.compile(custom.pattern(), problems, at + ".pattern");
      if (regex != null) {
        rules.add(
            custom.replacement() == null
                ? new RedactionRule.Configured(custom.name(), regex, config.replacement(), true)
                : new RedactionRule.Configured(custom.name(), regex, custom.replacement(), false));
      }
    }
    for (int i = 0; i < config.blockedValues().size(); i++) {
      String name = "blocked_values[" + i + "]";
      Pattern regex =
          ConfigRegexes.compile(config.blockedValues().get(i), problems, path + "." + name);
      if (regex != null) {
        rules.add(new RedactionRule.Configured(name, regex, config.replacement(), true));
      }
    }
    List<Pattern> blockedKeys = new ArrayList<>();
    for (int i = 0; i < config.blockedKeyPatterns().size(); i++) {
      Pattern regex =
          ConfigRegexes.compile(
              config.blockedKeyPatterns().get(i),
              problems,
              path + ".blocked_key_patterns[" + i + "]");
      if (regex != null) {
        blockedKeys.add(regex);
      }
    }
    if (!config.disallowedKeys().equals("drop") && !config.disallowedKeys().equals("mask")) {
      problems.add(
          path + ".disallowed_keys", "'" + config.disallowedKeys() + "' is not drop or mask");
    }
    if (!List.of("silent", "info", "debug").contains(config.summary())) {
      problems.add(path + ".summary", "'" + config.summary() + "' is not silent, info or debug");
    }
    return problems.size() > before ? null : new RedactionProcessor(config, blockedKeys, rules);
  }

  @Override
  public List<Span> process(List<Span> batch) {
    return SpanProcessor.replaceChanged(batch, this::redact);
  }

  @Override
  public Map<String, Long> counters() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    counters.forEach((name, adder) -> snapshot.put(name, adder.sum()));
    return snapshot;
  }

  private Span redact(Span span) {
    Summary spanSummary = new Summary();
    List<Attribute> attributes = redactAttributes(span.attributes(), true, spanSummary);
    List<SpanEvent> events = span.events();
    for (int i = 0; i < span.events().size(); i++) {
      SpanEvent event = span.events().get(i);
      List<Attribute> redacted = redactAttributes(event.attributes(), false, new Summary());
      if (redacted != event.attributes()) {
        if (events == span.events()) {
          events = new ArrayList<>(span.events());
        }
        events.set(
            i,
            new SpanEvent(
                event.epochNanos(), event.name(), redacted, event.droppedAttributesCount()));
      }
    }
    if (attributes == span.attributes() && events == span.events()) {
      return span;
    }
    if (!summary.equals("silent") && attributes != span.attributes()) {
      attributes = new ArrayList<>(attributes);
      spanSummary.appendTo(attributes, summary.equals("debug"));
    }
    return span.toBuilder().attributes(attributes).events(events).build();
  }

  /** The redacted list, or the same instance when nothing changed. */
  private List<Attribute> redactAttributes(
      List<Attribute> attributes, boolean allowList, Summary summary) {
    List<Attribute> out = null;
    for (int i = 0; i < attributes.size(); i++) {
      Attribute attribute = attributes.get(i);
      Attribute redacted = redactAttribute(attribute, allowList, summary);
      if (redacted != attribute && out == null) {
        out = new ArrayList<>(attributes.subList(0, i));
      }
      if (out != null && redacted != null) {
        out.add(redacted);
      }
    }
    return out == null ? attributes : out;
  }

  /** What the key rules decide for one key, before any value rule runs. */
  enum KeyVerdict {
    /** {@code ignored_keys}: the value passes untouched. */
    KEEP,
    /** Not on the allow-list, {@code disallowed_keys: drop}. */
    DROP,
    /** Not on the allow-list with {@code disallowed_keys: mask}, or a {@code blocked_key_patterns} match. */
    MASK,
    /** The value goes through the value rules. */
    CHECK_VALUE
  }

  /**
   * The key rules for one key, counting and noting (in {@code summary}) what they drop or mask; shared by span
   * attributes and log metadata so both signals follow one set of rules.
   */
  KeyVerdict judgeKey(String key, boolean allowList, Summary summary) {
    if (ignoredKeys.contains(key)) {
      return KeyVerdict.KEEP;
    }
    if (allowList && !allowAllKeys && !allowedKeys.contains(key)) {
      counters.get(DISALLOWED).increment();
      if (maskDisallowed) {
        summary.masked(key);
        return KeyVerdict.MASK;
      }
      summary.redacted(key);
      return KeyVerdict.DROP;
    }
    for (Pattern blocked : blockedKeyPatterns) {
      if (blocked.matcher(key).find()) {
        counters.get(BLOCKED_KEYS).increment();
        summary.masked(key);
        return KeyVerdict.MASK;
      }
    }
    return KeyVerdict.CHECK_VALUE;
  }

  /** Whether {@code key} is listed in {@code ignored_keys}. */
  boolean ignores(String key) {
    return ignoredKeys.contains(key);
  }

  /** The mask that replaces a whole value. */
  String mask() {
    return mask.value();
  }

  /** {@code summary}: silent, info or debug. */
  String summaryLevel() {
    return summary;
  }

  /** The attribute, a masked copy, or null to drop it. */
  private Attribute redactAttribute(Attribute attribute, boolean allowList, Summary summary) {
    String key = attribute.key();
    switch (judgeKey(key, allowList, summary)) {
      case KEEP -> {
        return attribute;
      }
      case DROP -> {
        return null;
      }
      case MASK -> {
        return new Attribute(key, mask);
      }
      case CHECK_VALUE -> {}
    }
    AttributeValue value = redactValue(attribute.value());
    if (value == attribute.value()) {
      return attribute;
    }
    summary.masked(key);
    return new Attribute(key, value);
  }

  private AttributeValue redactValue(AttributeValue value) {
    return switch (value) {
      case StringValue s -> redactString(s);
      case ArrayValue a -> {
        List<AttributeValue> values = new ArrayList<>(a.values().size());
        boolean changed = false;
        for (AttributeValue element : a.values()) {
          AttributeValue redacted = redactValue(element);
          changed |= redacted != element;
          values.add(redacted);
        }
        yield changed ? new ArrayValue(values) : a;
      }
      case KeyValueList map -> {
        List<Attribute> entries = new ArrayList<>(map.values().size());
        boolean changed = false;
        for (Attribute entry : map.values()) {
          AttributeValue redacted = redactValue(entry.value());
          changed |= redacted != entry.value();
          entries.add(redacted == entry.value() ? entry : new Attribute(entry.key(), redacted));
        }
        yield changed ? new KeyValueList(entries) : map;
      }
      default -> value;
    };
  }

  private AttributeValue redactString(StringValue value) {
    String text = redactText(value.value());
    return text == value.value() ? value : new StringValue(text);
  }

  /**
   * The value rules in order (shipped patterns, custom patterns, blocked values), each replacing what it matches
   * and counting the values it changed: the same instance when none matched. Span attribute values and log lines,
   * metadata and label values all go through here.
   */
  String redactText(String text) {
    String current = text;
    for (RedactionRule rule : rules) {
      String redacted = rule.apply(current);
      if (redacted != null) {
        counters.get(rule.name()).increment();
        current = redacted;
      }
    }
    return current;
  }

  /** A view of this processor's rules and counters over log batches ({@link LogRedaction}). */
  public Processor<LogBatch> forLogs() {
    return new LogRedaction(this);
  }

  /** Keys dropped and masked on one span or log line, for the collector's summary attributes. */
  static final class Summary {
    private Set<String> redacted; // made on first use: most values are clean
    private Set<String> masked;

    void redacted(String key) {
      if (redacted == null) {
        redacted = new TreeSet<>();
      }
      redacted.add(key);
    }

    void masked(String key) {
      if (masked == null) {
        masked = new TreeSet<>();
      }
      masked.add(key);
    }

    /** Keys dropped, sorted. */
    Set<String> redacted() {
      return redacted == null ? Set.of() : redacted;
    }

    /** Keys whose value was masked in whole or in part, sorted. */
    Set<String> masked() {
      return masked == null ? Set.of() : masked;
    }

    void appendTo(List<Attribute> attributes, boolean withKeys) {
      if (!redacted().isEmpty()) {
        if (withKeys) {
          attributes.add(Attribute.of("redaction.redacted.keys", String.join(",", redacted)));
        }
        attributes.add(Attribute.of("redaction.redacted.count", (long) redacted.size()));
      }
      if (!masked().isEmpty()) {
        if (withKeys) {
          attributes.add(Attribute.of("redaction.masked.keys", String.join(",", masked)));
        }
        attributes.add(Attribute.of("redaction.masked.count", (long) masked.size()));
      }
    }
  }
}
