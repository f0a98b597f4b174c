package io.tracemate.promql.syntax;

/**
 * What one query may cost the parser, and through the tree it builds, every recursive walk after it (type checker,
 * printer, evaluator). Checked before the work: the size before lexing, the nesting before each level of recursion,
 * and the depth of the finished tree (left-deep chains such as {@code a + a + a ...} are parsed by a loop but walked
 * recursively afterwards) before anything walks it.
 *
 * @param maxBytes longest query, in UTF-8 bytes
 * @param maxDepth deepest nesting of parentheses, calls, aggregations, binary and unary operators and subqueries
 */
public record ParseLimits(int maxBytes, int maxDepth) {
  /** The limit's name in messages ({@code promql.max-query-size} in Tracemate's configuration). */
  public static final String MAX_QUERY_SIZE = "max_query_size";
  /** The limit's name in messages ({@code promql.max-query-depth} in Tracemate's configuration). */
  public static final String MAX_QUERY_DEPTH = "max_query_depth";

  /**
   * 128 KiB and 128 levels: far beyond what people and Grafana write (the longest dashboard queries are a few KiB
   * and a dozen levels deep), and shallow enough for any recursion on a 512 KiB thread stack.
   */
  public static final ParseLimits DEFAULTS = new ParseLimits(128 * 1024, 128);

  public ParseLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (maxDepth < 1 || maxDepth > 1024) {
      throw new IllegalArgumentException("maxDepth must be between 1 and 1024, got " + maxDepth);
    }
  }
}
