package io.tracemate.alerting.rules;

/**
 * The language of a rule's {@code expr}, decided by where the rule lives rather than guessed from its text: rules
 * stored through Loki's ruler API or in the ruler's rule directory are LogQL (as Loki's ruler reads them); rules
 * whose group says {@code kind: promql} are PromQL over the span metrics, service graph and recorded series.
 */
public enum RuleLanguage {
  /** Metric queries over log lines (Loki's ruler). */
  LOGQL("logql"),
  /** PromQL over the span metrics, the service graph and recorded series. */
  PROMQL("promql");

  private final String key;

  RuleLanguage(String key) {
    this.key = key;
  }

  /** How a group names it ({@code kind: promql}). */
  public String key() {
    return key;
  }

  /** The language named {@code key}, or null. */
  public static RuleLanguage byKey(String key) {
    for (RuleLanguage language : values()) {
      if (language.key.equals(key)) {
        return language;
      }
    }
    return null;
  }
}
