/**
 * LogQL front end: lexer, parser, AST and printer, split the way Loki's {@code pkg/logql/syntax} is.
 *
 * <p>{@link io.tracemate.logql.syntax.LogQL#parse(String)} returns an immutable
 * {@link io.tracemate.logql.syntax.Expr} tree or throws {@link io.tracemate.logql.syntax.LogQLParseException}
 * with Loki's message shape ({@code parse error at line 1, col 17: syntax error: unexpected IDENTIFIER, expecting
 * STRING}) and the position of the offending token. {@code toString()} on any node prints canonical LogQL, and
 * {@code parse(e.toString())} equals {@code e}. Depends only on
 * {@code query-support} (parse limits, token cursor, positions shared with PromQL), {@code common} and RE2/J;
 * everything is stateless or per-query.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>{@code Lexer}: hand-written, mirrors Loki's lex.go. Keywords are case-insensitive; function names
 *       ({@code rate}, {@code sum}, {@code vector}, {@code bytes}, ...) are keywords only before a call, so they
 *       stay usable as label names; a number glued to a unit is one DURATION (tried first) or BYTES token;
 *       {@code [5m]} is one RANGE token; {@code #} starts a comment; strings are Go-quoted or backtick-raw.</li>
 *   <li>{@code ExprParser}: precedence climbing over {@link io.tracemate.querysupport.BinaryOp} (or &lt;
 *       and/unless &lt; comparisons &lt; + - &lt; * / % &lt; ^; only ^ is right-associative), recursive descent
 *       for aggregations, literals, {@code vector()}, {@code label_replace()}, with Loki's parse-time validation
 *       (unwrap required/forbidden per range function, grouping and parameter rules, bool only on comparisons,
 *       scalar comparisons need bool, set operators only between vectors).</li>
 *   <li>{@code PipelineParser}: selectors (rejecting ones whose matchers all accept the empty value, like Loki),
 *       line filters, parsers, formatting, drop/keep, unwrap and range arguments; {@code LabelFilterParser}
 *       the label filter expressions (and binds tighter than or).</li>
 *   <li>AST: sealed interfaces with records ({@link io.tracemate.logql.syntax.Expr},
 *       {@link io.tracemate.logql.syntax.SampleExpr}, {@link io.tracemate.logql.syntax.PipelineStage},
 *       {@link io.tracemate.logql.syntax.LabelFilter}); switch over them exhaustively instead of a visitor.
 *       {@link io.tracemate.logql.syntax.Expr#logSelectors()} gives the stream selectors an engine must read.</li>
 *   <li>{@code Printer}: one spelling per tree, only the parentheses precedence requires. The round trip holds
 *       for every tree the parser produces; hand-built trees must use identifier-shaped label names that are not
 *       LogQL keywords (records do not validate names, to stay cheap for the engine).</li>
 * </ul>
 *
 * <h2>Grammar covered</h2>
 * Selectors with {@code = != =~ !~}; line filters {@code |= != |~ !~ |> !>}, chained, with {@code or} between
 * values and {@code ip("...")}; parsers {@code json} (optional extractions), {@code logfmt} ({@code --strict},
 * {@code --keep-empty}, optional extractions), {@code regexp}, {@code pattern}, {@code unpack}; label filters with
 * string, {@code ip()}, numeric, duration and bytes comparisons combined by {@code and}, {@code ,}, juxtaposition,
 * {@code or} and parentheses; {@code line_format}, {@code label_format}, {@code drop}, {@code keep},
 * {@code decolorize}; all range aggregations with {@code [range]}, {@code offset}, {@code unwrap} (with
 * {@code bytes()}, {@code duration()}, {@code duration_seconds()} and trailing label filters) and grouping; vector
 * aggregations sum/avg/min/max/count/stddev/stdvar/topk/bottomk/sort/sort_desc/approx_topk with {@code by} or
 * {@code without} before or after; binary operators with {@code bool}, {@code on}/{@code ignoring},
 * {@code group_left}/{@code group_right}; number literals, {@code vector(n)}, {@code label_replace(...)}.
 *
 * <h2>Not supported yet</h2>
 * <ul>
 *   <li>Recent Loki additions: {@code variants(...) of (...)}, the {@code xml} parser,
 *       {@code approx_count_distinct}.</li>
 *   <li>Patterns and templates are not compiled here (the engine owns their semantics); Loki rejects a pattern
 *       without captures at parse time. Regexes of label matchers and {@code label_replace} are checked here, as
 *       Loki does, with Go's regexp semantics (RE2/J); line filter and {@code regexp} parser regexes are checked
 *       when the engine compiles the pipeline, also as in Loki.</li>
 *   <li>No constant folding (Loki folds {@code 1 + 1} to {@code 2} while parsing).</li>
 *   <li>Negative durations ({@code offset -5m}), hexadecimal numbers, {@code NaN}/{@code Inf} literals,
 *       single-quoted strings.</li>
 * </ul>
 */
package io.tracemate.logql.syntax;
