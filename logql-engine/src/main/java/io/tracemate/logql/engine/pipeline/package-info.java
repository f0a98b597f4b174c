/**
 * Internal to the engine: the compiled log pipeline (line filters, parsers, label filters, formatting), with Loki's
 * semantics. Public only so that the engine package can use it; not an API.
 *
 * <p>Each LogQL stage compiles to a {@link io.tracemate.logql.engine.pipeline.Stage}, an immutable function over
 * a per-entry {@link io.tracemate.logql.engine.pipeline.LabelsBuilder} (line, labels, {@code __error__}). Compiling
 * validates regexes (RE2 syntax translated to java.util.regex, see {@link io.tracemate.logql.engine.pipeline.Re2}),
 * patterns and templates up front. Errors inside an entry never fail the query: they become {@code __error__} /
 * {@code __error_details__} labels, as in Loki (JSONParserErr, LogfmtParserErr, LabelFilterErr,
 * TemplateFormatErr).
 */
package io.tracemate.logql.engine.pipeline;
