/**
 * Regular expressions from users, with Go's RE2 semantics on RE2/J: LogQL's line filters, label matchers, the
 * {@code regexp} parser, {@code label_replace} and template functions, and the pipeline processors' configured
 * patterns. Loki, Prometheus and the OpenTelemetry Collector all run Go's {@code regexp}, so a pattern pasted from
 * them means the same here, including what it refuses (lookarounds, backreferences); and RE2 matches in time linear
 * in the text, so no query or configuration can make a match backtrack for hours.
 *
 * <p>{@link io.tracemate.common.regex.GoRegex} compiles (refusing programs too large before RE2/J allocates them,
 * with Go's error messages), expands Go templates and iterates matches as Go does.
 * {@link io.tracemate.common.regex.UnanchoredRegex} and {@link io.tracemate.common.regex.AnchoredRegex} are the
 * two ways a pattern is used: anywhere in a text, behind a literal pre-filter
 * ({@link io.tracemate.common.regex.RegexLiterals}, read from the pattern by a lenient parser of RE2's syntax,
 * since RE2/J keeps its own parse tree private), or over the whole value, with Prometheus' shortcuts for value
 * sets and {@code .*}. RE2/J has no DFA: its NFA simulation costs every character it reads, so an unanchored
 * search whose literals are short and frequent runs the regex only on windows around a literal that pins where
 * a match can lie ({@link io.tracemate.common.regex.PinnedLiteral}, {@link io.tracemate.common.regex.WindowedFind}).
 *
 * <p>Patterns the project ships and controls (format checks, the redaction processor's patterns that need
 * lookarounds) stay on java.util.regex: they are fixed, reviewed, and free of nested unbounded repetition.
 */
package io.tracemate.common.regex;
