/**
 * Alerting and recording rules: Prometheus' rule groups with PromQL or LogQL expressions, evaluated on their
 * intervals with Prometheus' alert state machine, their alerts handed to the {@link
 * io.tracemate.alerting.model.AlertSink} after every group evaluation.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>Format: {@link io.tracemate.alerting.rules.RuleGroupParser} reads Prometheus' rule-file YAML on Jackson's
 *       YAML parser (positions kept for errors) and validates it as Prometheus' {@code rulefmt} and Loki's ruler do;
 *       a group's {@code kind} ({@code logql}, the default as in Loki's ruler, or {@code promql}) says which
 *       language its expressions are in.</li>
 *   <li>Templates of labels and annotations run on the LogQL engine's Go-template engine in Prometheus' rule
 *       dialect (one template engine in the code base).</li>
 *   <li>Evaluation: {@link io.tracemate.alerting.rules.Ruler} ticks each group on its interval; a tenant's groups
 *       run one at a time on a bounded pool; each rule is evaluated at the tick time less the evaluation delay, with
 *       the query APIs' engines, limits and time-outs and the group's tenant as scope. Alerting rules follow
 *       Prometheus' {@code AlertingRule.Eval} (pending, firing, resolved kept 15 minutes, {@code for},
 *       {@code keep_firing_for}, {@code limit}); recording rules write {@link
 *       io.tracemate.alerting.rules.RecordedSeries}, a {@code SeriesSource} that later rules and the Prometheus API
 *       read beside the span metrics.</li>
 *   <li>State: rules set through the API are stored as rule files under the data directory, atomically and
 *       forced to disk; the alert state of each tenant is saved after every evaluation that changed it and restored
 *       at start, so {@code for} timers survive a restart.</li>
 *   <li>Evidence, gathered when an alert is raised and when it starts firing (at most ten alerts per rule and
 *       evaluation; never in a preview): a LogQL alert carries the newest lines its rule counted and their trace IDs
 *       ({@code LogEvidence}); a PromQL alert the trace IDs of the span metrics' exemplars of the series its
 *       selectors read ({@code ExemplarEvidence} over the {@link io.tracemate.promql.engine.ExemplarSource} the
 *       server hands in). A rule's own {@code evidence} (a Tracemate extension: a LogQL log query written as a
 *       template, like an annotation, and expanded per alert, over the longest range its expression reads) replaces
 *       either; the default rules use it for the error-level lines of the alert's service.</li>
 *   <li>Dynamic baselines: a {@code baseline} rule (a Tracemate extension) is a recording rule that also learns a
 *       seasonal profile of each series ({@link io.tracemate.alerting.rules.SeasonalProfile}: mean and spread per
 *       5-minute slot of the week and of the day, and of the trailing hours) and writes its band as recorded series
 *       ({@code <name>:baseline_mean|upper|lower|samples}), so alerts compare in plain PromQL and the UI draws the
 *       band with a range query; the profiles are kept per tenant under the data directory
 *       ({@link io.tracemate.alerting.rules.BaselineStore}). No other path through the evaluator.</li>
 *   <li>Preview: {@link io.tracemate.alerting.rules.Ruler#preview} evaluates one rule over a past range with one
 *       range query (its value at each step is the instant query the ruler would have run) and advances the same
 *       {@code AlertingRuleRuntime} over the steps, so there is one state machine: a preview cannot disagree with
 *       what the ruler does.</li>
 * </ul>
 *
 * <p>May depend on: {@code common}, {@code alert-model}, the query languages and the log SPI; never on HTTP,
 * receivers or the assembly.
 */
package io.tracemate.alerting.rules;
