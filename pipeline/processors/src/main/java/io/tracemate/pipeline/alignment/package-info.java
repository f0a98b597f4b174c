/**
 * Semantic alignment: renaming keys from older OpenTelemetry conventions, OpenTracing/Zipkin and SkyWalking to
 * the current OpenTelemetry semantic conventions, so that queries, span metrics and the service graph see one
 * vocabulary whatever the agent. The mapping is data ({@code semantic-alignment.tsv}, with the migration guide
 * each row comes from), not code; rules can be limited to server or non-server spans, because net.peer.* and
 * net.host.* meant different sides of the call depending on the span kind.
 */
package io.tracemate.pipeline.alignment;
