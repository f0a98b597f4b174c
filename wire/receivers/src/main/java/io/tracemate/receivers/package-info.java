/**
 * Span ingest endpoints: OTLP/gRPC, OTLP/HTTP (protobuf and JSON) and Zipkin v2 HTTP (JSON and proto3), as Armeria
 * services that decode requests with {@code io.tracemate.codec}, check span IDs and start times
 * ({@link io.tracemate.receivers.SpanTimeCheck}) and hand the spans as a {@link io.tracemate.component.SpanBatch} to
 * a {@link io.tracemate.component.BatchConsumer} through the one exchange of every receiver
 * ({@code io.tracemate.receivers.exchange}). A request is acknowledged only after the consumer's future completes,
 * i.e. once its spans are durable; refusals become answers with one status mapping for traces and logs. Receivers
 * depend on the consumer API alone: never on the durable queue, the write-ahead log or a store.
 *
 * <p>Each batch is one tenant's: the tenant the server's access decorator authorized the request for, or, served
 * without it, the one {@code X-Scope-OrgID} names ({@code fake} without one); an invalid tenant or several is a 400
 * (INVALID_ARGUMENT) before the body is read. Found once per request, never per span.
 *
 * <h2>Wiring (one line per endpoint)</h2>
 * <pre>{@code
 * ReceiverMetrics metrics = ReceiverMetrics.forSpans(prometheusRegistry);   // once per registry
 * ReceiverLimits limits = ReceiverLimits.DEFAULT;   // 64 MiB per request after decompression; span start times
 * RequestBodyBudget bodies = new RequestBodyBudget(100 << 20, Duration.ofSeconds(1))   // all requests together
 *     .registerMetrics(prometheusRegistry);
 *
 * grpcPort.service(OtlpGrpcTraceService.grpcService(consumer, limits, metrics)).decorator(bodies.newDecorator());
 * otlpHttpPort.service(new OtlpHttpTraceService(consumer, limits, metrics)).decorator(bodies.newDecorator());
 * zipkinPort.service(new ZipkinHttpService(consumer, limits, metrics)).decorator(bodies.newDecorator());
 * }</pre>
 * Each service carries its own route(s), so {@code sb.service(service)} binds it; to mount one under another
 * path (e.g. {@code /otlp/v1/traces}) use {@code sb.service(path, service)}. Each also sets its own Armeria
 * request-length option (the HTTP services lift the transport limit and enforce
 * {@link io.tracemate.receivers.ReceiverLimits} themselves, after decompression, so that even a 413 is answered in
 * the client's format); do not override {@code maxRequestLength} on these bindings.
 *
 * <p>Without the budget's decorator a receiver still bounds each request, but not how many are in flight: a
 * deployment facing untrusted clients puts all its receivers under one
 * {@link io.tracemate.receivers.exchange.RequestBodyBudget}.
 *
 * <h2>Start times</h2>
 * {@link io.tracemate.receivers.SpanTimeCheck} refuses, before the consumer (the write-ahead log) sees them, spans
 * without a start time, older than {@link io.tracemate.receivers.ReceiverLimits#maxSpanAge()} (which the server
 * keeps within the store's retention) or later than now plus
 * {@link io.tracemate.receivers.ReceiverLimits#spanCreationGracePeriod()}: nothing is acknowledged that the store
 * would then drop, or that no query would find. OTLP reports them in partial success; Zipkin, which has none,
 * refuses the request with 400.
 *
 * <p>Browsers sending OTLP/JSON need CORS: decorate the OTLP/HTTP binding with Armeria's {@code CorsService}
 * (it answers preflight {@code OPTIONS} requests before they reach the service, which would answer 405).
 *
 * <h2>Metrics</h2>
 * See {@link io.tracemate.receivers.exchange.ReceiverMetrics} for names and labels.
 */
package io.tracemate.receivers;
