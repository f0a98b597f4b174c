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
 *       evaluation): a LogQL alert carries the newest lines its rule counted and their trace IDs ({@code
 *       LogEvidence}); a PromQL alert the trace IDs of the span metrics' exemplars of the series its selectors read
 *       ({@code ExemplarEvidence} over the {@link io.tracemate.promql.engine.ExemplarSource} the server hands in);
 *       a rule's own {@code evidence} log query replaces either.</li>
 *   <li>Seam for default rules and dynamic baselines: both will be rule groups (generated per service) and series
 *       (the band as recorded series), so they need no other path through the evaluator.</li>
 * </ul>
 *
 * <p>May depend on: {@code common}, {@code alert-model}, the query languages and the log SPI; never on HTTP,
 * receivers or the assembly.
 */
package io.tracemate.alerting.rules;
