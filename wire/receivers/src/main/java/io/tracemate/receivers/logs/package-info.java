/**
 * Log ingest endpoints: OTLP logs over gRPC ({@link io.tracemate.receivers.logs.OtlpGrpcLogsService}) and HTTP
 * ({@link io.tracemate.receivers.logs.OtlpHttpLogsService}), and Loki's push API
 * ({@link io.tracemate.receivers.logs.LokiPushService}), on the same exchange as the span receivers
 * ({@code io.tracemate.receivers.exchange}).
 *
 * <p>Each receiver decodes its wire format into streams (module {@code codec}, package
 * {@code io.tracemate.codec.logs}), then the one shared {@link io.tracemate.receivers.logs.LogIntake} checks them:
 * {@link io.tracemate.receivers.logs.LogValidator} applies {@link io.tracemate.receivers.logs.LogLimits} (label
 * limits, line size, too old/new, out-of-order window, per-tenant and per-stream token buckets, active streams) and
 * splits the push into what is kept and what is refused; the kept part goes on as a
 * {@link io.tracemate.component.LogBatch} to the consumer (the durable queue), and the client is answered only when
 * that is durable, in its protocol: Loki's 204/400/429 with plain-text messages in Loki's wording, OTLP's partial
 * success and retryable 429/RESOURCE_EXHAUSTED with RetryInfo. Invalid parts are refused and listed while the rest is
 * kept, as Loki does. Accepted stream labels feed {@link io.tracemate.receivers.logs.LabelCardinalityTracker}, which
 * reports labels whose values explode.
 *
 * <p>All rate and age decisions read an injected {@link java.time.Clock}, so tests drive time.
 */
package io.tracemate.receivers.logs;
