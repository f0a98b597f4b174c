package io.tracemate.logql.engine;

import io.tracemate.querysupport.LimitExceededException;

/**
 * A query went over a limit. The HTTP layer maps it to 400 (504 for {@link #TIMEOUT}) with Loki's error shape;
 * {@link #limit()} names the limit the way Loki's configuration does, or, for limits Loki does not have, in the same
 * style as Tracemate's key under {@code logs.query} ({@code max_query_memory} is {@code max-query-memory}).
 */
public final class QueryLimitException extends LimitExceededException {
  private static final long serialVersionUID = 1L;

  public static final String MAX_ENTRIES = "max_entries_limit_per_query";
  public static final String MAX_SERIES = "max_query_series";
  public static final String MAX_BYTES = "max_query_bytes_read";
  public static final String TIMEOUT = "query_timeout";
  public static final String MAX_LENGTH = "max_query_length";

  /** Longest line or label value line_format / label_format may build ({@code logs.query.max-formatted-line-size}). */
  public static final String MAX_FORMATTED_LINE_SIZE = "max_formatted_line_size";

  /** Most memory one query may hold ({@code logs.query.max-query-memory}). */
  public static final String MAX_QUERY_MEMORY = "max_query_memory";

  public QueryLimitException(String limit, String message) {
    super(limit, message);
  }
}
