/**
 * Internal to the engine: the compiled log pipeline (line filters, parsers, label filters, formatting), with Loki's
 * semantics. Public only so that the engine package can use it; not an API.
 *
 * <p>Each LogQL stage compiles to a {@link io.tracemate.logql.engine.pipeline.Stage}, an immutable function over
 * a per-entry {@link io.tracemate.logql.engine.pipeline.LabelsBuilder} (line, labels, {@code __error__}). Compiling
 * validates regexes (Go's RE2 on RE2/J, see {@link io.tracemate.common.regex}), patterns and templates up front;
 * a regex line filter runs behind the substring search of the literals its matches need, or not at all when it is
 * only literals, and before any parser those literals are pushed down to the store with the {@code |=} ones. Errors inside an entry never fail the query: they become {@code __error__} /
 * {@code __error_details__} labels, as in Loki (JSONParserErr, LogfmtParserErr, LabelFilterErr,
 * TemplateFormatErr).
 */
package io.tracemate.logql.engine.pipeline;
