/**
 * PromQL front end: lexer, recursive-descent parser, type checker, sealed AST and printer, shaped after Prometheus'
 * {@code promql/parser} and written for Tracemate because no Java library parses PromQL.
 *
 * <p>{@link io.tracemate.promql.syntax.PromQL#parse(String)} returns an immutable, type-checked
 * {@link io.tracemate.promql.syntax.Expr} or throws {@link io.tracemate.promql.syntax.PromQLParseException} with
 * Prometheus' message ({@code 1:14: parse error: unexpected "}" in label matching, expected string}) and the
 * offending position, so Grafana shows our errors as it shows Prometheus'. {@code toString()} prints canonical
 * PromQL and {@code parse(e.toString())} equals {@code e}.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>{@code Lexer} mirrors Prometheus' {@code lex.go}: Go-quoted and raw strings, Go number syntax
 *       ({@code GoNumbers}, hex, {@code Inf}, {@code NaN}), Prometheus durations ({@code Durations}), keywords
 *       that stay usable as label and metric names.</li>
 *   <li>{@code ExprParser} follows {@code generated_parser.y}: precedence climbing over
 *       {@link io.tracemate.querysupport.BinaryOp}, unary minus binding like {@code *}, postfix {@code [range]},
 *       {@code [range:step]}, {@code offset} and {@code @} binding tightest; {@code SelectorParser} and
 *       {@code Modifiers} hold the selector and modifier rules, each with the error Prometheus' grammar action
 *       raises. The cursor, the size and nesting limits and the error positions are the ones LogQL uses
 *       ({@link io.tracemate.querysupport}).</li>
 *   <li>{@code TypeChecker} runs after the whole query has parsed, as Prometheus' {@code checkAST} does, and
 *       reports at the node's start, which {@code Positions} keeps beside the tree (by identity) so the AST stays
 *       plain records.</li>
 *   <li>AST: one sealed interface with records ({@link io.tracemate.promql.syntax.Expr}); switch over it
 *       exhaustively instead of a visitor. {@link io.tracemate.promql.syntax.Function} and
 *       {@link io.tracemate.promql.syntax.AggregationOp} list everything Prometheus knows, with whether Tracemate
 *       evaluates it, so an unsupported name is refused by name.</li>
 *   <li>Hostile input: the size is checked before lexing, the nesting before each level of recursion and the
 *       finished tree's depth before anything walks it ({@code QueryDepth}), so no query overflows a stack.</li>
 * </ul>
 *
 * <h2>Not supported</h2>
 * Valid Prometheus queries Tracemate refuses with {@link io.tracemate.promql.syntax.PromQLParseException#unsupported()}
 * set: native-histogram functions and the {@code </} {@code >/} trim operators (Tracemate keeps classic float
 * series), and what Prometheus itself keeps behind feature flags: experimental functions and aggregations, the
 * {@code smoothed}/{@code anchored} and {@code fill} modifiers, duration expressions.
 *
 * <p>Thread-safety: parsing is stateless per call; the AST is immutable. May depend on: {@code query-support} and
 * RE2/J (label matcher regexes are checked while parsing, as Prometheus does); nothing else of Tracemate.
 */
package io.tracemate.promql.syntax;
