package io.tracemate.querysupport;

/**
 * What one query may cost its parser, and through the tree it builds, every recursive walk after it (type checker,
 * printer, evaluator). Checked before the work: the size before lexing, the nesting before each level of recursion,
 * and the depth of the finished tree (left-deep chains such as {@code 1+1+1...} or {@code a="1" and b="2" and ...}
 * are parsed by a loop, but walked recursively afterwards) before anything walks it. LogQL and PromQL share the
 * record, the names and the defaults; each language says what counts as a level of nesting. Immutable.
 *
 * @param maxBytes longest query, in UTF-8 bytes ({@value #MAX_QUERY_SIZE})
 * @param maxDepth deepest nesting: parentheses, calls, aggregations, binary operators and subqueries each count a
 *     level; LogQL counts label filter operators and each group of a regular expression too
 *     ({@value #MAX_QUERY_DEPTH})
 */
public record ParseLimits(int maxBytes, int maxDepth) {
  /**
   * The limit's name in messages and in Tracemate's configuration ({@code logs.query.max-query-size},
   * {@code promql.max-query-size}).
   */
  public static final String MAX_QUERY_SIZE = "max_query_size";

  /**
   * The limit's name in messages and in Tracemate's configuration ({@code logs.query.max-query-depth},
   * {@code promql.max-query-depth}).
   */
  public static final String MAX_QUERY_DEPTH = "max_query_depth";

  /**
   * 128 KiB and 128 levels: far beyond what people and Grafana write (the longest dashboard queries are a few
   * KiB and a dozen levels deep), and shallow enough for any recursion on a 512 KiB thread stack.
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
