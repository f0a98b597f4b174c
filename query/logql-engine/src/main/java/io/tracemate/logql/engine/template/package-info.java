/**
 * Internal to the engine: the Go text/template subset of {@code line_format} and {@code label_format}, see
 * {@link io.tracemate.logql.engine.template.GoTemplate} for exactly what is supported. No Java library implements
 * Go templates faithfully, so this is a small parser (text and actions, if/else, pipes, parentheses) and an
 * evaluator over the entry's labels, with Loki's and sprig's functions reimplemented with Go's semantics (argument
 * order, piped value last, Go's printing of numbers and times). The same engine runs the templates of alerting and recording rules in
 * Prometheus' dialect ({@code GoTemplate.parseRuleTemplate}: the variables {@code $labels $value $externalLabels
 * $externalURL}, nested fields, and Prometheus' functions in {@code RuleFunctions}), so Tracemate has one
 * template engine.
 */
package io.tracemate.logql.engine.template;
