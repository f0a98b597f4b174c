package io.tracemate.alerting.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tracemate.common.units.PrometheusDuration;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rule groups back as YAML in Prometheus' rule-file shape (what Loki's ruler API answers and what is stored
 * for groups set through it): keys in the usual order, defaults left out, durations as Prometheus writes them.
 * Stateless.
 */
public final class RuleGroupWriter {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  private RuleGroupWriter() {}

  /** A rule file: {@code groups: [...]}. */
  public static String file(List<RuleGroup> groups) {
    return write(Map.of("groups", groups.stream().map(RuleGroupWriter::group).toList()));
  }

  /** One group (Loki's {@code GET /loki/api/v1/rules/{namespace}/{group}}). */
  public static String groupYaml(RuleGroup group) {
    return write(group(group));
  }

  /** Namespaces and their groups (Loki's {@code GET /loki/api/v1/rules[/{namespace}]}). */
  public static String namespaces(Map<String, List<RuleGroup>> namespaces) {
    Map<String, Object> out = new LinkedHashMap<>();
    namespaces.forEach(
        (namespace, groups) ->
            out.put(namespace, groups.stream().map(RuleGroupWriter::group).toList()));
    return write(out);
  }

  private static Map<String, Object> group(RuleGroup group) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", group.name());
    if (group.language() != RuleLanguage.LOGQL) {
      out.put("kind", group.language().key());
    }
    if (group.interval() != null) {
      out.put("interval", PrometheusDuration.format(group.interval()));
    }
    if (group.limit() != 0) {
      out.put("limit", group.limit());
    }
    if (group.evaluationDelay() != null) {
      out.put("query_offset", PrometheusDuration.format(group.evaluationDelay()));
    }
    List<Object> rules = new ArrayList<>();
    for (Rule rule : group.rules()) {
      Map<String, Object> r = new LinkedHashMap<>();
      if (rule.isAlerting()) {
        r.put("alert", rule.alert());
      } else if (rule.isBaseline()) {
        r.put("baseline", rule.record());
      } else {
        r.put("record", rule.record());
      }
      r.put("expr", rule.expr());
      if (rule.isBaseline()) {
        r.put("season", rule.baseline().season().equals(BaselineSpec.DAY) ? "1d" : "1w");
        r.put("band", rule.baseline().band());
      }
      if (rule.evidence() != null) {
        r.put("evidence", rule.evidence());
      }
      if (!rule.forDuration().isZero()) {
        r.put("for", PrometheusDuration.format(rule.forDuration()));
      }
      if (!rule.keepFiringFor().isZero()) {
        r.put("keep_firing_for", PrometheusDuration.format(rule.keepFiringFor()));
      }
      if (!rule.labels().isEmpty()) {
        r.put("labels", rule.labels());
      }
      if (!rule.annotations().isEmpty()) {
        r.put("annotations", rule.annotations());
      }
      rules.add(r);
    }
    out.put("rules", rules);
    return out;
  }

  private static String write(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
