/**
 * The span model every Tracemate module speaks: immutable records, no dependency on any wire format or store.
 *
 * <p>It mirrors OTLP's trace data closely enough that nothing an OpenTelemetry SDK sends is lost (IDs, trace
 * state, all attribute value types, events, links, resource, scope, dropped counts), while staying flat: each
 * {@link io.tracemate.model.Span} carries references to its {@link io.tracemate.model.Resource} and
 * {@link io.tracemate.model.InstrumentationScope}, which decoders share between the spans of one batch.
 */
package io.tracemate.model;
