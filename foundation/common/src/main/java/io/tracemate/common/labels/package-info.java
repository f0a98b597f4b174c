/**
 * What a label name may be, once for every signal: Prometheus and Loki share the rule
 * ({@link io.tracemate.common.labels.LabelNames}), while the prefix a name starting with a digit gets stays with the
 * convention of each caller (Loki, the Collector's span metrics). Stateless.
 */
package io.tracemate.common.labels;
