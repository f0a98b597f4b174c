/**
 * The one exchange of every receiver, for every signal: Zipkin's "one collector for every transport" and the
 * OpenTelemetry Collector's receiver contract (acknowledge only after the consumer succeeded), written once.
 *
 * <h2>HTTP ({@link io.tracemate.receivers.exchange.HttpExchange})</h2>
 * The receiver checks method, media type and coding (each refused before the body is read), then the exchange:
 * reads the body within the per-request limit, chunk by chunk, never trusting {@code Content-Length}
 * ({@link io.tracemate.receivers.exchange.RequestBodies}); inflates gzip or deflate within the limit and the
 * {@link io.tracemate.receivers.exchange.RequestBodyBudget} ({@link io.tracemate.receivers.exchange.BodyInflation});
 * counts what the body would decode into and bounds it ({@link io.tracemate.receivers.exchange.DecodedObjects});
 * decodes on the event loop up to 64 KiB, or 8 KiB when the body inflates, else on the blocking executor; asks the
 * signal's {@link io.tracemate.receivers.exchange.Intake} for the batch (which counts what the request held); hands
 * it to the {@link io.tracemate.component.BatchConsumer}; and answers once the consumer's future completes.
 *
 * <h2>gRPC ({@link io.tracemate.receivers.exchange.GrpcExchange})</h2>
 * {@link io.tracemate.receivers.exchange.GrpcReceiver} wraps the bindable service: the request limit applied to the
 * HTTP body as it arrives and to the message after decompression, codings refused from the first byte, Armeria's
 * own failures mapped; a gzip message is charged to the budget as it inflates, before protobuf builds objects from
 * it ({@link io.tracemate.receivers.exchange.BudgetedGzip}); the message is counted and bounded in the method's
 * request marshaller before protobuf parses it ({@link io.tracemate.receivers.exchange.CountedRequests}). The
 * exchange then runs the same intake and consumer steps as HTTP.
 *
 * <h2>What a body decodes into</h2>
 * Bytes are bounded, but a few bytes can become a large object: two bytes of protobuf are an empty span (about 110
 * bytes of heap decoded), so a 60 MiB body was 30 million objects. Each receiver declares what its bodies decode
 * into ({@link io.tracemate.receivers.exchange.BodyShape}): the encoding's counter, one per encoding for every
 * receiver ({@link io.tracemate.receivers.exchange.ProtobufShape}, a tag walk with protobuf's own
 * {@code CodedInputStream} over the message's descriptor, no object built; {@code JsonShape}, a Jackson token pass),
 * and its decoder's measured heap per object. Before decoding, a body of more objects than
 * {@code max-request-objects} is refused (413 / RESOURCE_EXHAUSTED, naming the count and the key), and the estimated
 * decoded heap is charged to the budget with the body's bytes (503 / UNAVAILABLE with a retry hint when it does not
 * fit). The pre-pass runs on every request: it reads varints and skips payloads, a small fraction of parsing.
 *
 * <h2>One status mapping</h2>
 * Every failure is classified once ({@link io.tracemate.receivers.exchange.ErrorAnswer}) and mapped once
 * ({@link io.tracemate.receivers.exchange.ErrorStatus}), following the OTLP specification: retryable 503/UNAVAILABLE
 * (full queue or budget, server starting or stopping) and 429/RESOURCE_EXHAUSTED (rate limits) with
 * {@code Retry-After} and {@code RetryInfo}; 400/INVALID_ARGUMENT, 413/RESOURCE_EXHAUSTED, 415 and
 * 405/UNIMPLEMENTED, 500/INTERNAL, each with a message that says what and where. Partial refusals are each
 * protocol's own: OTLP's partial success, Loki's 400/429 naming the refused entries, Zipkin's 400 for the whole
 * request. Responders only phrase: {@link io.tracemate.receivers.exchange.OtlpHttpResponder} (protobuf or JSON
 * {@code google.rpc.Status}), {@link io.tracemate.receivers.exchange.PlainTextResponder} (Zipkin, Loki).
 *
 * <h2>Threads</h2>
 * Bodies are collected on the event loop with a bounded subscriber; consumers must not block the calling thread.
 * Everything here is stateless apart from the budget and the metrics, and thread-safe.
 */
package io.tracemate.receivers.exchange;
