package io.tracemate.pipeline.sampling;

import com.google.re2j.Pattern;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.StatusCode;
import io.tracemate.pipeline.config.ConfigProblems;
import io.tracemate.pipeline.config.ConfigRegexes;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** Validates policy configs (every problem with its YAML path) and builds the policies. */
final class PolicyFactory {
  static final List<String> SUPPORTED_TYPES =
      List.of(
          "always_sample",
          "latency",
          "status_code",
          "string_attribute",
          "numeric_attribute",
          "boolean_attribute",
          "probabilistic",
          "rate_limiting",
          "span_count",
          "trace_state",
          "and",
          "drop",
          "composite");
  private static final int DEFAULT_REGEX_CACHE_SIZE = 128;

  private final ConfigProblems problems;
  private final LongSupplier nanoClock;

  PolicyFactory(ConfigProblems problems, LongSupplier nanoClock) {
    this.problems = problems;
    this.nanoClock = nanoClock;
  }

  /** The policies of one list; names must be present and unique within it. Null entries for broken ones. */
  List<PolicyChain.NamedPolicy> createAll(List<PolicyConfig> configs, String path) {
    List<PolicyChain.NamedPolicy> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < configs.size(); i++) {
      PolicyConfig config = configs.get(i);
      String at = path + "[" + i + "]";
      if (config == null) {
        problems.add(at, "is empty");
        continue;
      }
      if (config.name() == null || config.name().isBlank()) {
        problems.add(at + ".name", "is required");
      } else if (!names.add(config.name())) {
        problems.add(
            at + ".name", "'" + config.name() + "' is used by another policy in the same list");
      }
      Policy policy = create(config, at);
      if (policy != null) {
        out.add(new PolicyChain.NamedPolicy(config.name(), policy));
      }
    }
    return out;
  }

  private Policy create(PolicyConfig config, String at) {
    String type = config.type();
    if (type == null || type.isBlank()) {
      problems.add(at + ".type", "is required, one of " + SUPPORTED_TYPES);
      return null;
    }
    return switch (type) {
      case "always_sample" -> new BasicPolicies.AlwaysSample();
      case "latency" -> fromBlock(config.latency(), at, type, this::latency);
      case "status_code" -> fromBlock(config.statusCode(), at, type, this::statusCode);
      case "string_attribute" ->
          fromBlock(config.stringAttribute(), at, type, this::stringAttribute);
      case "numeric_attribute" ->
          fromBlock(config.numericAttribute(), at, type, this::numericAttribute);
      case "boolean_attribute" ->
          fromBlock(config.booleanAttribute(), at, type, this::booleanAttribute);
      case "probabilistic" -> fromBlock(config.probabilistic(), at, type, this::probabilistic);
      case "rate_limiting" -> fromBlock(config.rateLimiting(), at, type, this::rateLimiting);
      case "span_count" -> fromBlock(config.spanCount(), at, type, this::spanCount);
      case "trace_state" -> fromBlock(config.traceState(), at, type, this::traceState);
      case "and" ->
          fromBlock(
              config.and(),
              at,
              type,
              (and, blockAt) ->
                  new BasicPolicies.And(
                      subPolicies(and.subPolicies(), blockAt + ".and_sub_policy")));
      case "drop" ->
          fromBlock(
              config.drop(),
              at,
              type,
              (drop, blockAt) ->
                  new BasicPolicies.Drop(
                      subPolicies(drop.subPolicies(), blockAt + ".drop_sub_policy")));
      case "composite" -> fromBlock(config.composite(), at, type, this::composite);
      case "ottl_condition", "bytes_limiting", "trace_flags" -> {
        problems.add(
            at + ".type",
            "policy type '"
                + type
                + "' is not supported by Tracemate's tail sampling; "
                + "supported types: "
                + SUPPORTED_TYPES);
        yield null;
      }
      default -> {
        problems.add(
            at + ".type", "unknown policy type '" + type + "', expected one of " + SUPPORTED_TYPES);
        yield null;
      }
    };
  }

  /**
   * Builds the policy from the block named after its type ({@code at.type}, where problems are reported), or
   * reports that the block is missing.
   */
  private <B> Policy fromBlock(
      B block, String at, String type, BiFunction<B, String, Policy> build) {
    if (block == null) {
      problems.add(at + "." + type, "is required for a policy of type " + type);
      return null;
    }
    return build.apply(block, at + "." + type);
  }

  private List<Policy> subPolicies(List<PolicyConfig> configs, String path) {
    if (configs.isEmpty()) {
      problems.add(path, "needs at least one sub-policy");
    }
    return createAll(configs, path).stream().map(PolicyChain.NamedPolicy::policy).toList();
  }

  private Policy latency(PolicyConfig.Latency config, String at) {
    LatencyPolicy.Bounds top = null;
    if (config.thresholdMs() != null || config.overrides().isEmpty()) {
      top =
          bounds(
              config.thresholdMs() == null ? 0 : config.thresholdMs(),
              config.upperThresholdMs(),
              at);
    } else if (config.upperThresholdMs() != null) {
      problems.add(at + ".upper_threshold_ms", "needs threshold_ms");
    }
    List<LatencyPolicy.SpanRule> spanRules = new ArrayList<>();
    if (config.service() != null || config.spanName() != null) {
      if (top == null) {
        problems.add(at + ".threshold_ms", "is required with service or span_name");
      } else {
        spanRules.add(new LatencyPolicy.SpanRule(config.service(), config.spanName(), top));
        top = null;
      }
    }
    for (int i = 0; i < config.overrides().size(); i++) {
      PolicyConfig.LatencyOverride override = config.overrides().get(i);
      String overrideAt = at + ".overrides[" + i + "]";
      if (override == null) {
        problems.add(overrideAt, "is empty");
        continue;
      }
      if (override.service() == null && override.spanName() == null) {
        problems.add(overrideAt, "needs service and/or span_name");
      }
      if (override.thresholdMs() == null) {
        problems.add(overrideAt + ".threshold_ms", "is required");
        continue;
      }
      LatencyPolicy.Bounds bounds =
          bounds(override.thresholdMs(), override.upperThresholdMs(), overrideAt);
      spanRules.add(new LatencyPolicy.SpanRule(override.service(), override.spanName(), bounds));
    }
    return new LatencyPolicy(top, spanRules);
  }

  private LatencyPolicy.Bounds bounds(long thresholdMs, Long upperThresholdMs, String at) {
    long upper = upperThresholdMs == null ? 0 : upperThresholdMs;
    if (thresholdMs < 0) {
      problems.add(at + ".threshold_ms", "must not be negative, got " + thresholdMs);
    }
    if (upper != 0 && upper <= thresholdMs) {
      problems.add(
          at + ".upper_threshold_ms",
          "must be greater than threshold_ms (" + thresholdMs + "), got " + upper);
    }
    return new LatencyPolicy.Bounds(thresholdMs, upper);
  }

  private Policy statusCode(PolicyConfig.StatusCodes config, String at) {
    Set<StatusCode> codes = new LinkedHashSet<>();
    if (config.statusCodes().isEmpty()) {
      problems.add(at + ".status_codes", "needs at least one of ERROR, OK, UNSET");
    }
    for (int i = 0; i < config.statusCodes().size(); i++) {
      String code = config.statusCodes().get(i);
      switch (code == null ? "" : code) {
        case "ERROR" -> codes.add(StatusCode.ERROR);
        case "OK" -> codes.add(StatusCode.OK);
        case "UNSET" -> codes.add(StatusCode.UNSET);
        default ->
            problems.add(
                at + ".status_codes[" + i + "]",
                "unknown status code '" + code + "', expected ERROR, OK or UNSET");
      }
    }
    return new BasicPolicies.StatusCodes(Set.copyOf(codes));
  }

  private Policy stringAttribute(PolicyConfig.StringAttribute config, String at) {
    requireKey(config.key(), at);
    if (config.values().isEmpty()) {
      problems.add(at + ".values", "needs at least one value");
    }
    Predicate<String> matcher;
    if (config.enabledRegexMatching()) {
      List<Pattern> patterns = new ArrayList<>();
      for (int i = 0; i < config.values().size(); i++) {
        Pattern pattern =
            ConfigRegexes.compile(config.values().get(i), problems, at + ".values[" + i + "]");
        if (pattern != null) {
          patterns.add(pattern);
        }
      }
      int cacheSize = config.cacheMaxSize() <= 0 ? DEFAULT_REGEX_CACHE_SIZE : config.cacheMaxSize();
      matcher = cachedRegexMatcher(List.copyOf(patterns), cacheSize);
    } else {
      Set<String> values = new HashSet<>();
      for (String value : config.values()) {
        if (value != null && !value.isEmpty()) {
          values.add(value);
        }
      }
      matcher = values::contains;
    }
    return new AttributePolicy(
        config.key(),
        value ->
            value instanceof AttributeValue.StringValue s
                && !s.value().isEmpty()
                && matcher.test(s.value()),
        config.invertMatch());
  }

  /** Regexes match anywhere in the value (Go's MatchString); results are cached per value, LRU-bounded. */
  private static Predicate<String> cachedRegexMatcher(List<Pattern> patterns, int cacheSize) {
    Map<String, Boolean> cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > cacheSize;
          }
        };
    return value ->
        cache.computeIfAbsent(value, v -> patterns.stream().anyMatch(p -> p.matcher(v).find()));
  }

  private Policy numericAttribute(PolicyConfig.NumericAttribute config, String at) {
    requireKey(config.key(), at);
    if (config.minValue() == null && config.maxValue() == null) {
      problems.add(at, "needs min_value and/or max_value");
    }
    long min = config.minValue() == null ? Long.MIN_VALUE : config.minValue();
    long max = config.maxValue() == null ? Long.MAX_VALUE : config.maxValue();
    if (min > max) {
      problems.add(at + ".max_value", "must not be below min_value (" + min + "), got " + max);
    }
    return new AttributePolicy(
        config.key(),
        value ->
            switch (value) {
              case AttributeValue.LongValue l -> l.value() >= min && l.value() <= max;
              case AttributeValue.DoubleValue d -> d.value() >= min && d.value() <= max;
              default -> false;
            },
        config.invertMatch());
  }

  private Policy booleanAttribute(PolicyConfig.BooleanAttribute config, String at) {
    requireKey(config.key(), at);
    if (config.value() == null) {
      problems.add(at + ".value", "is required (true or false)");
      return null;
    }
    boolean expected = config.value();
    return new AttributePolicy(
        config.key(),
        value -> value instanceof AttributeValue.BoolValue b && b.value() == expected,
        config.invertMatch());
  }

  private Policy probabilistic(PolicyConfig.Probabilistic config, String at) {
    Double percentage = config.samplingPercentage();
    if (percentage == null || percentage.isNaN() || percentage < 0 || percentage > 100) {
      problems.add(at + ".sampling_percentage", "must be between 0 and 100, got " + percentage);
      return null;
    }
    return new ProbabilisticPolicy(percentage, config.hashSalt());
  }

  private Policy rateLimiting(PolicyConfig.RateLimiting config, String at) {
    if (config.spansPerSecond() == null || config.spansPerSecond() <= 0) {
      problems.add(
          at + ".spans_per_second", "must be a positive number, got " + config.spansPerSecond());
      return null;
    }
    return new RateLimitingPolicy(config.spansPerSecond(), nanoClock);
  }

  private Policy spanCount(PolicyConfig.SpanCount config, String at) {
    int min = config.minSpans() == null ? 0 : config.minSpans();
    int max = config.maxSpans() == null ? 0 : config.maxSpans();
    if (config.minSpans() == null || min < 0) {
      problems.add(
          at + ".min_spans", "is required and must not be negative, got " + config.minSpans());
    }
    if (max != 0 && max < min) {
      problems.add(
          at + ".max_spans",
          "must be 0 (no bound) or at least min_spans (" + min + "), got " + max);
    }
    return new BasicPolicies.SpanCount(min, max);
  }

  private Policy traceState(PolicyConfig.TraceState config, String at) {
    requireKey(config.key(), at);
    Set<String> values = new HashSet<>();
    for (String value : config.values()) {
      // the collector ignores values that cannot fit a tracestate member (256 characters with
      // "key=")
      if (value != null
          && !value.isEmpty()
          && config.key() != null
          && config.key().length() + value.length() < 256) {
        values.add(value);
      }
    }
    if (values.isEmpty()) {
      problems.add(at + ".values", "needs at least one non-empty value");
    }
    return new BasicPolicies.TraceState(config.key(), Set.copyOf(values));
  }

  private Policy composite(PolicyConfig.Composite config, String at) {
    long maxTotal = config.maxTotalSpansPerSecond() == null ? 0 : config.maxTotalSpansPerSecond();
    if (maxTotal <= 0) {
      problems.add(
          at + ".max_total_spans_per_second",
          "must be a positive number, got " + config.maxTotalSpansPerSecond());
    }
    List<PolicyChain.NamedPolicy> subs =
        createAll(config.subPolicies(), at + ".composite_sub_policy");
    if (config.subPolicies().isEmpty()) {
      problems.add(at + ".composite_sub_policy", "needs at least one sub-policy");
      return null;
    }
    Map<String, Policy> byName = new LinkedHashMap<>();
    subs.forEach(named -> byName.put(named.name(), named.policy()));
    Map<String, Long> allocation = new HashMap<>();
    long totalPercent = 0;
    for (int i = 0; i < config.rateAllocation().size(); i++) {
      PolicyConfig.RateAllocation rate = config.rateAllocation().get(i);
      String rateAt = at + ".rate_allocation[" + i + "]";
      if (rate == null || rate.policy() == null || !byName.containsKey(rate.policy())) {
        problems.add(
            rateAt + ".policy", "must name one of composite_sub_policy " + byName.keySet());
        continue;
      }
      long percent = rate.percent() == null ? 0 : rate.percent();
      if (percent < 0 || percent > 100) {
        problems.add(rateAt + ".percent", "must be between 0 and 100, got " + percent);
      }
      totalPercent += percent;
      allocation.put(
          rate.policy(),
          percent > 0 ? percent * maxTotal / 100 : maxTotal / config.subPolicies().size());
    }
    if (totalPercent > 100) {
      problems.add(
          at + ".rate_allocation", "percentages add up to " + totalPercent + ", more than 100");
    }
    List<String> order = new ArrayList<>();
    for (int i = 0; i < config.policyOrder().size(); i++) {
      String name = config.policyOrder().get(i);
      if (!byName.containsKey(name)) {
        problems.add(
            at + ".policy_order[" + i + "]",
            "'" + name + "' is not one of composite_sub_policy " + byName.keySet());
      } else if (!order.contains(name)) {
        order.add(name);
      }
    }
    byName.keySet().stream().filter(name -> !order.contains(name)).forEach(order::add);
    List<CompositePolicy.SubPolicy> ordered =
        order.stream()
            .map(
                name ->
                    new CompositePolicy.SubPolicy(
                        byName.get(name), allocation.getOrDefault(name, 0L)))
            .toList();
    return new CompositePolicy(ordered, maxTotal, nanoClock);
  }

  private void requireKey(String key, String at) {
    if (key == null || key.isEmpty()) {
      problems.add(at + ".key", "is required");
    }
  }
}
