/**
 * Redaction of sensitive data before spans and log lines are made durable: one set of rules
 * ({@link io.tracemate.pipeline.redaction.RedactionProcessor}) over span attributes and, through
 * {@link io.tracemate.pipeline.redaction.RedactionProcessor#forLogs}, over log lines, structured metadata and stream
 * label values. The collector's redaction processor semantics
 * (allow-list, ignored keys, blocked key patterns, blocked values, summary attributes) plus shipped patterns
 * for data Chinese deployments must not store: resident ID card numbers and bank card numbers (masked only when
 * their check digits are valid, so order numbers and timestamps survive), mobile numbers, emails, bearer tokens
 * and passwords in URLs. Every pattern counts the values it redacted.
 */
package io.tracemate.pipeline.redaction;
