/**
 * The rule APIs over the ruler: Loki's ruler API (rule groups as YAML, read and written per tenant, the writes
 * stored durably before they are acknowledged), Prometheus' rules and alerts API (JSON, what Grafana lists), and
 * ours for the UI's rule editor: previews ({@code POST /api/rules/preview}) and which namespaces are read-only.
 * Routes are declared in the server's route table: reads need READ, writes WRITE_RULES; each call is scoped to the
 * request's tenant.
 */
package io.tracemate.http.rules;
