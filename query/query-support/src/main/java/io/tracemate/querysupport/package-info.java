/**
 * What the query languages share below their grammars: the {@link io.tracemate.querysupport.ParseLimits} a query
 * may cost, the {@link io.tracemate.querysupport.TokenCursor} every recursive-descent parser reads with (the size
 * check before lexing, the depth guard before each level of recursion), the
 * {@link io.tracemate.querysupport.SourcePosition} of an error, and the bases of the two kinds of refusal a query
 * meets: {@link io.tracemate.querysupport.QueryParseException} (it does not parse) and
 * {@link io.tracemate.querysupport.LimitExceededException} (it ran over an engine limit).
 *
 * <p>Why a module of its own: LogQL and PromQL were written as twins (Loki's parser grew out of Prometheus'), and
 * their limits, cursors and positions had been copied and were starting to drift. What is here is the mechanism;
 * what a user reads stays each language's own: the token kinds, the grammar, and the message shapes of Loki
 * ({@code parse error at line 1, col 17: ...}, columns in characters) and of Prometheus ({@code 1:14: parse error:
 * ...}, columns in UTF-8 bytes). Operator tables stay with each language too: PromQL has {@code atan2} and LogQL
 * does not, and each AST's operator enum is the set its printer and tests enumerate.
 *
 * <p>Thread-safety: the records and exceptions are immutable; a {@code TokenCursor} belongs to one parse.
 *
 * <p>May depend on: nothing (no Tracemate module, no library). Used by {@code logql-syntax}, {@code promql-syntax}
 * and their engines; never by HTTP, which sees only the languages' own subclasses.
 */
package io.tracemate.querysupport;
