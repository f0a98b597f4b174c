/**
 * What the query languages share below their grammars: the {@link io.tracemate.querysupport.ParseLimits} a query
 * may cost, the {@link io.tracemate.querysupport.TokenCursor} every recursive-descent parser reads with (the size
 * check before lexing, the depth guard before each level of recursion), the
 * {@link io.tracemate.querysupport.SourcePosition} of an error, the operators both grammars have
 * ({@link io.tracemate.querysupport.BinaryOp} with its precedence and its meaning on two floats,
 * {@link io.tracemate.querysupport.MatchType} of label matchers), and the bases of the two kinds of refusal a query
 * meets: {@link io.tracemate.querysupport.QueryParseException} (it does not parse) and
 * {@link io.tracemate.querysupport.LimitExceededException} (it ran over an engine limit), and the
 * {@link io.tracemate.querysupport.SettingChecks} of the engines' settings records.
 *
 * <p>Why a module of its own: LogQL and PromQL were written as twins (Loki's parser grew out of Prometheus'), and
 * their limits, cursors, positions and operator tables had been copied and were starting to drift (LogQL's
 * {@code ^} was Java's {@code Math.pow} where Loki, in Go, answers {@code math.Pow}). What is here is the
 * mechanism; what a user reads stays each language's own: the token kinds, the grammar, and the message shapes of
 * Loki ({@code parse error at line 1, col 17: ...}, columns in characters) and of Prometheus ({@code 1:14: parse
 * error: ...}, columns in UTF-8 bytes). The operator table is Prometheus'; LogQL has all of it but {@code atan2},
 * which its lexer does not know and its AST refuses.
 *
 * <p>Thread-safety: the records and exceptions are immutable; a {@code TokenCursor} belongs to one parse.
 *
 * <p>May depend on: nothing (no Tracemate module, no library). Used by {@code logql-syntax}, {@code promql-syntax}
 * and their engines, and by the HTTP APIs only as the languages' trees, limits and exceptions carry it.
 */
package io.tracemate.querysupport;
