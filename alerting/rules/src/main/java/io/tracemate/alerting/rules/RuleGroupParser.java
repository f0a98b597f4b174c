package io.tracemate.alerting.rules;

import io.tracemate.alerting.rules.YamlTree.ListNode;
import io.tracemate.alerting.rules.YamlTree.MapNode;
import io.tracemate.alerting.rules.YamlTree.Node;
import io.tracemate.alerting.rules.YamlTree.Position;
import io.tracemate.alerting.rules.YamlTree.Scalar;
import io.tracemate.common.labels.LabelNames;
import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.logql.engine.template.GoTemplate;
import io.tracemate.logql.syntax.LogQL;
import io.tracemate.promql.syntax.PromQL;
import io.tracemate.querysupport.ParseLimits;
import io.tracemate.querysupport.QueryParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads rule groups from Prometheus' rule-file YAML (a file: {@code groups: [...]}; Loki's ruler API: one group per
 * request) and validates them as Prometheus' {@code rulefmt} and Loki's ruler do: known keys only, names, durations,
 * label and annotation names, templates, and the expression parsed in the group's language. Every error says where:
 * {@code rules.yaml:12:7: group "api", rule 2, "HighErrorRate": could not parse expression: ...}. Thread-safe
 * (stateless apart from its limits).
 */
public final class RuleGroupParser {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> FILE_KEYS = Set.of("groups");
  private static final Set<String> GROUP_KEYS =
      Set.of("name", "kind", "interval", "limit", "query_offset", "evaluation_delay", "rules");
  private static final Set<String> RULE_KEYS =
      Set.of(
          "record",
          "alert",
          "expr",
          "for",
          "keep_firing_for",
          "labels",
          "annotations",
          // Tracemate's extensions: baseline rules and evidence queries.
          "baseline",
          "season",
          "band",
          "evidence");

  private final ParseLimits promqlLimits;
  private final ParseLimits logqlLimits;
  private final int maxRulesPerGroup;
  private final RuleLanguage defaultLanguage;

  /**
   * @param promqlLimits and {@code logqlLimits}: the query APIs' parse limits, so a rule is held to what a query is
   * @param maxRulesPerGroup most rules one group may hold; 0 = no limit (Loki's
   *     {@code ruler_max_rules_per_rule_group})
   * @param defaultLanguage the language of groups that do not name one ({@code kind})
   */
  public RuleGroupParser(
      ParseLimits promqlLimits,
      ParseLimits logqlLimits,
      int maxRulesPerGroup,
      RuleLanguage defaultLanguage) {
    this.promqlLimits = Objects.requireNonNull(promqlLimits, "promqlLimits");
    this.logqlLimits = Objects.requireNonNull(logqlLimits, "logqlLimits");
    this.maxRulesPerGroup = maxRulesPerGroup;
    this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage");
  }

  /** With the default parse limits, no rule limit, LogQL by default. */
  public static RuleGroupParser defaults() {
    return new RuleGroupParser(ParseLimits.DEFAULTS, ParseLimits.DEFAULTS, 0, RuleLanguage.LOGQL);
  }

  /**
   * Reads a rule file ({@code groups: [...]}).
   *
   * @param source what to call the document in errors (a file name or a namespace)
   * @throws RuleFormatException naming every error found (at most {@value RuleFormatException#MAX_ERRORS})
   */
  public List<RuleGroup> parseFile(String source, String yaml) {
    Errors errors = new Errors(source);
    Node root = read(yaml, false, errors);
    List<RuleGroup> groups = new ArrayList<>();
    if (root == null) {
      errors.throwIfAny();
      return groups; // an empty file: no groups, as Prometheus reads it
    }
    if (!(root instanceof MapNode map)) {
      errors.add(
          root.position(), "", "a rule file must be a mapping with \"groups\", got " + root.kind());
      errors.throwIfAny();
      return groups;
    }
    unknownKeys(map, FILE_KEYS, "rule file", "", errors);
    Node list = map.entries().get("groups");
    if (list instanceof ListNode items) {
      Set<String> names = new HashSet<>();
      for (Node item : items.items()) {
        RuleGroup group = group(item, errors);
        if (group != null && !names.add(group.name())) {
          errors.add(
              item.position(),
              "",
              "groupname: \"" + group.name() + "\" is repeated in the same file");
        }
        if (group != null) {
          groups.add(group);
        }
      }
    } else if (list != null && !(list instanceof Scalar s && s.isNull())) {
      errors.add(list.position(), "", "\"groups\" must be a list, got " + list.kind());
    }
    errors.throwIfAny();
    return groups;
  }

  /**
   * Reads one group (the body of Loki's {@code POST /loki/api/v1/rules/{namespace}}).
   *
   * @throws RuleFormatException naming every error found
   */
  public RuleGroup parseGroup(String source, String yaml) {
    return parseGroup(source, yaml, false);
  }

  /**
   * Reads one group written in YAML or, with {@code json}, in JSON (the same keys; positions are the JSON text's).
   *
   * @throws RuleFormatException naming every error found
   */
  public RuleGroup parseGroup(String source, String text, boolean json) {
    Errors errors = new Errors(source);
    Node root = read(text, json, errors);
    if (root == null) {
      errors.add(new Position(1, 1), "", "empty rule group: a group needs a name and rules");
    }
    RuleGroup group = root == null ? null : group(root, errors);
    errors.throwIfAny();
    return group;
  }

  private static Node read(String text, boolean json, Errors errors) {
    try {
      return YamlTree.read(text, json);
    } catch (YamlTree.SyntaxException e) {
      errors.add(e.position(), "", (json ? "invalid JSON: " : "invalid YAML: ") + e.getMessage());
      return null;
    }
  }

  private RuleGroup group(Node node, Errors errors) {
    if (!(node instanceof MapNode map)) {
      errors.add(node.position(), "", "a rule group must be a mapping, got " + node.kind());
      return null;
    }
    int before = errors.count();
    String name = text(map, "name", errors, "");
    String where = name == null ? "" : "group \"" + name + "\": ";
    String rulePrefix = name == null ? "" : "group \"" + name + "\", ";
    if (name == null || name.isBlank()) {
      errors.add(map.position(), "", "group name should not be empty");
    }
    unknownKeys(map, GROUP_KEYS, "rule group", where, errors);
    RuleLanguage language = defaultLanguage;
    String kind = text(map, "kind", errors, where);
    if (kind != null) {
      language = RuleLanguage.byKey(kind);
      if (language == null) {
        errors.add(
            map.keys().get("kind"),
            where,
            "kind must be \"logql\" or \"promql\", got \"" + kind + "\"");
        language = defaultLanguage;
      }
    }
    Duration interval = duration(map, "interval", errors, where, false);
    Duration delay = duration(map, "query_offset", errors, where, true);
    Duration evaluationDelay = duration(map, "evaluation_delay", errors, where, true);
    if (delay != null && evaluationDelay != null) {
      errors.add(
          map.keys().get("evaluation_delay"),
          where,
          "set one of query_offset and evaluation_delay, not both");
    }
    delay = delay != null ? delay : evaluationDelay;
    int limit = 0;
    String limitText = text(map, "limit", errors, where);
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText.strip());
        if (limit < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        errors.add(
            map.entries().get("limit").position(),
            where,
            "limit must be a non-negative integer, got \"" + limitText + "\"");
      }
    }
    List<Rule> rules = new ArrayList<>();
    Node rulesNode = map.entries().get("rules");
    if (rulesNode instanceof ListNode list) {
      if (maxRulesPerGroup > 0 && list.items().size() > maxRulesPerGroup) {
        errors.add(
            rulesNode.position(),
            where,
            "has "
                + list.items().size()
                + " rules, more than the limit of "
                + maxRulesPerGroup
                + " (max_rules_per_rule_group)");
      } else {
        for (int i = 0; i < list.items().size(); i++) {
          Rule rule = rule(list.items().get(i), i, language, rulePrefix, errors);
          if (rule != null) {
            rules.add(rule);
          }
        }
      }
    } else if (rulesNode != null && !(rulesNode instanceof Scalar s && s.isNull())) {
      errors.add(rulesNode.position(), where, "\"rules\" must be a list, got " + rulesNode.kind());
    }
    if (errors.count() > before || name == null) {
      return null;
    }
    return new RuleGroup(name, language, interval, limit, delay, rules);
  }

  private Rule rule(Node node, int index, RuleLanguage language, String group, Errors errors) {
    String where = group + "rule " + index + ": ";
    if (!(node instanceof MapNode map)) {
      errors.add(node.position(), where, "a rule must be a mapping, got " + node.kind());
      return null;
    }
    int before = errors.count();
    String alert = text(map, "alert", errors, where);
    String baseline = text(map, "baseline", errors, where);
    String record = baseline != null ? baseline : text(map, "record", errors, where);
    String name = alert != null ? alert : record;
    if (name != null) {
      where = group + "rule " + index + ", \"" + name + "\": ";
    }
    unknownKeys(map, RULE_KEYS, "rule", where, errors);
    String recordKey = baseline != null ? "baseline" : "record";
    if (baseline != null && map.entries().containsKey("record")) {
      errors.add(map.position(), where, "only one of 'record' and 'baseline' must be set");
    } else if (alert != null && record != null) {
      errors.add(map.position(), where, "only one of '" + recordKey + "' and 'alert' must be set");
    } else if (alert == null && record == null) {
      errors.add(map.position(), where, "one of 'record' or 'alert' must be set");
    } else if (record != null && !METRIC_NAME.matcher(record).matches()) {
      errors.add(
          map.keys().get(recordKey),
          where,
          "invalid " + (baseline != null ? "baseline" : "recording rule") + " name: " + record);
    } else if (alert != null && alert.isBlank()) {
      errors.add(map.keys().get("alert"), where, "alert name must not be empty");
    }
    BaselineSpec spec = baseline == null ? null : baselineSpec(map, errors, where);
    if (baseline == null) {
      for (String key : List.of("season", "band")) {
        if (map.keys().containsKey(key)) {
          errors.add(map.keys().get(key), where, "field '" + key + "' is for baseline rules only");
        }
      }
    }
    String evidence = text(map, "evidence", errors, where);
    if (evidence != null) {
      Position at = map.entries().get("evidence").position();
      if (alert == null) {
        errors.add(
            map.keys().get("evidence"), where, "field 'evidence' is for alerting rules only");
      } else if (evidence.isBlank()) {
        errors.add(at, where, "evidence must be a LogQL log query, got an empty one");
      } else if (evidence.contains("{{")) {
        // Its labels are known only per alert: the template is checked now, the query once
        // expanded.
        templateProblem(evidence, "evidence", at, where, errors);
      } else {
        String problem = checkEvidence(evidence);
        if (problem != null) {
          errors.add(at, where, problem);
        }
      }
    }
    String expr = text(map, "expr", errors, where);
    if (expr == null || expr.isBlank()) {
      errors.add(map.position(), where, "field 'expr' must be set in rule");
    } else {
      String problem = checkExpression(expr, language);
      if (problem != null) {
        errors.add(map.entries().get("expr").position(), where, problem);
      }
    }
    Duration forDuration = duration(map, "for", errors, where, true);
    Duration keepFiringFor = duration(map, "keep_firing_for", errors, where, true);
    Map<String, String> labels = stringMap(map, "labels", errors, where);
    Map<String, String> annotations = stringMap(map, "annotations", errors, where);
    if (record != null) {
      String kind = baseline != null ? "baseline rule" : "recording rule";
      if (!annotations.isEmpty()) {
        errors.add(map.keys().get("annotations"), where, "invalid field 'annotations' in " + kind);
      }
      if (forDuration != null) {
        errors.add(map.keys().get("for"), where, "invalid field 'for' in " + kind);
      }
      if (keepFiringFor != null) {
        errors.add(
            map.keys().get("keep_firing_for"), where, "invalid field 'keep_firing_for' in " + kind);
      }
    }
    for (var label : labels.entrySet()) {
      Position at = map.entries().get("labels").position();
      if (!LabelNames.isValid(label.getKey()) || label.getKey().equals("__name__")) {
        errors.add(at, where, "invalid label name: " + label.getKey());
      }
      templateProblem(label.getValue(), "label " + label.getKey(), at, where, errors);
    }
    for (var annotation : annotations.entrySet()) {
      Position at = map.entries().get("annotations").position();
      if (!LabelNames.isValid(annotation.getKey())) {
        errors.add(at, where, "invalid annotation name: " + annotation.getKey());
      }
      templateProblem(
          annotation.getValue(), "annotation " + annotation.getKey(), at, where, errors);
    }
    if (errors.count() > before || name == null || expr == null) {
      return null;
    }
    return new Rule(
        alert, record, expr, forDuration, keepFiringFor, labels, annotations, spec, evidence);
  }

  /** A baseline rule's {@code season} (1w or 1d) and {@code band} (a positive number of standard deviations). */
  private static BaselineSpec baselineSpec(MapNode map, Errors errors, String where) {
    Duration season = BaselineSpec.WEEK;
    String seasonText = text(map, "season", errors, where);
    if (seasonText != null) {
      Duration parsed = PrometheusDuration.parse(seasonText.strip()).orElse(null);
      if (parsed == null || !parsed.equals(BaselineSpec.WEEK) && !parsed.equals(BaselineSpec.DAY)) {
        errors.add(
            map.entries().get("season").position(),
            where,
            "season must be 1w or 1d, got \"" + seasonText + "\"");
      } else {
        season = parsed;
      }
    }
    double band = BaselineSpec.DEFAULT_BAND;
    String bandText = text(map, "band", errors, where);
    if (bandText != null) {
      try {
        band = Double.parseDouble(bandText.strip());
      } catch (NumberFormatException e) {
        band = Double.NaN;
      }
      if (!(band > 0) || Double.isInfinite(band)) {
        errors.add(
            map.entries().get("band").position(),
            where,
            "band must be a positive number of standard deviations, got \"" + bandText + "\"");
        band = BaselineSpec.DEFAULT_BAND;
      }
    }
    return new BaselineSpec(season, band);
  }

  /** Why {@code query} is not an evidence query (a LogQL log query), or null when it is one. */
  private String checkEvidence(String query) {
    try {
      if (!(LogQL.parse(query, logqlLimits) instanceof io.tracemate.logql.syntax.LogSelectorExpr)) {
        return "evidence must be a LogQL log query ({service_name=\"x\"} |= \"error\"), not a metric query";
      }
      return null;
    } catch (QueryParseException e) {
      return "could not parse evidence as a LogQL log query: " + e.getMessage();
    }
  }

  /** Why {@code expr} is not a rule expression of {@code language}, or null when it is one. */
  private String checkExpression(String expr, RuleLanguage language) {
    try {
      if (language == RuleLanguage.LOGQL) {
        if (!(LogQL.parse(expr, logqlLimits) instanceof io.tracemate.logql.syntax.SampleExpr)) {
          return "could not parse expression: a rule needs a metric query (count_over_time, rate, ...), "
              + "not a log query";
        }
      } else {
        PromQL.parse(expr, promqlLimits);
      }
      return null;
    } catch (QueryParseException e) {
      String hint = "";
      if (language == RuleLanguage.LOGQL && parses(expr, RuleLanguage.PROMQL)) {
        hint = " (this is PromQL: give its group \"kind: promql\")";
      }
      return "could not parse expression as " + language.key() + ": " + e.getMessage() + hint;
    }
  }

  private boolean parses(String expr, RuleLanguage language) {
    try {
      if (language == RuleLanguage.LOGQL) {
        LogQL.parse(expr, logqlLimits);
      } else {
        PromQL.parse(expr, promqlLimits);
      }
      return true;
    } catch (QueryParseException e) {
      return false;
    }
  }

  private static void templateProblem(
      String template, String what, Position at, String where, Errors errors) {
    try {
      GoTemplate.parseRuleTemplate(template);
    } catch (IllegalArgumentException e) {
      errors.add(at, where, "template of " + what + ": " + e.getMessage());
    }
  }

  private static void unknownKeys(
      MapNode map, Set<String> known, String type, String where, Errors errors) {
    for (var key : map.keys().entrySet()) {
      if (!known.contains(key.getKey())) {
        errors.add(key.getValue(), where, "field " + key.getKey() + " not found in type " + type);
      }
    }
  }

  /** A scalar's text; null when absent or null; an error when not a scalar. */
  private static String text(MapNode map, String key, Errors errors, String where) {
    Node node = map.entries().get(key);
    if (node == null) {
      return null;
    }
    if (node instanceof Scalar scalar) {
      return scalar.isNull() ? null : scalar.text();
    }
    errors.add(node.position(), where, key + " must be a value, got " + node.kind());
    return null;
  }

  private static Duration duration(
      MapNode map, String key, Errors errors, String where, boolean zeroAllowed) {
    String text = text(map, key, errors, where);
    if (text == null) {
      return null;
    }
    Duration d = PrometheusDuration.parse(text.strip()).orElse(null);
    if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
      errors.add(
          map.entries().get(key).position(),
          where,
          key
              + " must be a "
              + (zeroAllowed ? "" : "positive ")
              + "duration such as 30s, 5m or 1h, got \""
              + text
              + "\"");
      return null;
    }
    return d;
  }

  private static Map<String, String> stringMap(
      MapNode map, String key, Errors errors, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    Node node = map.entries().get(key);
    if (node == null || node instanceof Scalar s && s.isNull()) {
      return out;
    }
    if (!(node instanceof MapNode values)) {
      errors.add(node.position(), where, key + " must be a mapping, got " + node.kind());
      return out;
    }
    for (var entry : values.entries().entrySet()) {
      if (entry.getValue() instanceof Scalar scalar) {
        out.put(entry.getKey(), scalar.isNull() ? "" : scalar.text());
      } else {
        errors.add(
            entry.getValue().position(),
            where,
            key + " \"" + entry.getKey() + "\" must be a value, got " + entry.getValue().kind());
      }
    }
    return out;
  }

  /** Errors of one document, each prefixed by the source and position. */
  private static final class Errors {
    private final String source;
    private final List<String> messages = new ArrayList<>();
    private final List<RuleFormatException.Problem> problems = new ArrayList<>();

    Errors(String source) {
      this.source = source;
    }

    void add(Position position, String where, String message) {
      if (messages.size() < RuleFormatException.MAX_ERRORS) {
        String at = position == null ? source : source + ":" + position;
        messages.add(at + ": " + where + message);
        problems.add(
            position == null
                ? new RuleFormatException.Problem(0, 0, where + message)
                : new RuleFormatException.Problem(
                    position.line(), position.column(), where + message));
      }
    }

    int count() {
      return messages.size();
    }

    void throwIfAny() {
      if (!messages.isEmpty()) {
        throw new RuleFormatException(messages, problems);
      }
    }
  }
}
