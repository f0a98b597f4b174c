/**
 * Ingest endpoints: OTLP/gRPC, OTLP/HTTP (protobuf and JSON) and Zipkin v2 HTTP (JSON and proto3), as Armeria
 * services that decode requests with {@code io.tracemate.codec} and hand the spans to an
 * {@link io.tracemate.ingest.SpanSink}. A request is acknowledged only after the sink's future completes, i.e.
 * once its spans are durable; backpressure from the sink
 * ({@link io.tracemate.ingest.IngestRejectedException}) becomes HTTP 503 with {@code Retry-After}, or gRPC
 * UNAVAILABLE with {@code google.rpc.RetryInfo}.
 *
 * <h2>Wiring (one line per endpoint)</h2>
 * <pre>{@code
 * ReceiverMetrics metrics = new ReceiverMetrics(prometheusRegistry);   // once per registry
 * ReceiverLimits limits = ReceiverLimits.DEFAULT;   // 64 MiB per request after decompression; span start times
 * RequestBodyBudget bodies = new RequestBodyBudget(100 << 20, Duration.ofSeconds(1))   // all requests together
 *     .registerMetrics(prometheusRegistry);
 *
 * grpcPort.service(OtlpGrpcTraceService.grpcService(sink, limits, metrics)).decorator(bodies.newDecorator());
 * otlpHttpPort.service(new OtlpHttpTraceService(sink, limits, metrics)).decorator(bodies.newDecorator());
 * zipkinPort.service(new ZipkinHttpService(sink, limits, metrics)).decorator(bodies.newDecorator());
 * }</pre>
 * Each service carries its own route(s), so {@code sb.service(service)} binds it; to mount one under another
 * path (e.g. {@code /otlp/v1/traces}) use {@code sb.service(path, service)}. Each also sets its own Armeria
 * request-length option (the HTTP services lift the transport limit and enforce {@link
 * io.tracemate.receivers.ReceiverLimits} themselves, after decompression, so that even a 413 is answered in the
 * client's format); do not override {@code maxRequestLength} on these bindings.
 *
 * <p>Without the budget's decorator a receiver still bounds each request, but not how many are in flight: a
 * deployment facing untrusted clients puts all its receivers under one
 * {@link io.tracemate.receivers.RequestBodyBudget}.
 *
 * <h2>Start times</h2>
 * {@link io.tracemate.receivers.SpanTimeCheck} refuses, before the sink (the write-ahead log) sees them, spans
 * without a start time, older than {@link io.tracemate.receivers.ReceiverLimits#maxSpanAge()} (which the server
 * keeps within the store's retention) or later than now plus
 * {@link io.tracemate.receivers.ReceiverLimits#spanCreationGracePeriod()}: nothing is acknowledged that the store
 * would then drop, or that no query would find. OTLP reports them in partial success; Zipkin, which has none,
 * refuses the request with 400.
 *
 * <p>Browsers sending OTLP/JSON need CORS: decorate the OTLP/HTTP binding with Armeria's {@code CorsService}
 * (it answers preflight {@code OPTIONS} requests before they reach the service, which would answer 405).
 *
 * <h2>Threads</h2>
 * Bodies are collected on the event loop with a bounded subscriber; decoding happens on the event loop for
 * small bodies and on the context's blocking-task executor for large or compressed ones. gRPC messages are
 * decoded on the event loop (they are bounded by the same limit). Sinks must not block the calling thread.
 *
 * <h2>Metrics</h2>
 * See {@link io.tracemate.receivers.ReceiverMetrics} for names and labels.
 */
package io.tracemate.receivers;
