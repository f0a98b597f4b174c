package io.tracemate.http.loki;

import io.tracemate.http.support.BadRequestException;
import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logql.syntax.LogSelectorExpr;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.querysupport.ParseLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream selectors of a LogQL text, as store matchers, for the metadata endpoints (labels, series, index
 * stats, discovery), which answer from the index alone. A full query is accepted and its pipelines ignored, since
 * Grafana sometimes passes the whole expression; it is parsed within the query limits like any other query
 * ({@code max_query_size}, {@code max_query_depth}). Stateless and thread-safe.
 */
final class Selectors {
  private Selectors() {}

  /**
   * One matcher list per stream selector in {@code query}, left to right.
   *
   * @param limits the query limits' size and depth ({@code EngineLimits.parseLimits()})
   * @throws io.tracemate.logql.syntax.LogQLParseException when the text does not parse or passes a limit
   * @throws BadRequestException when it has no stream selector or a regex does not compile
   */
  static List<List<LabelMatcher>> of(String query, ParseLimits limits) {
    List<LogSelectorExpr> selectors = LogQL.parse(query, limits).logSelectors();
    if (selectors.isEmpty()) {
      throw new BadRequestException(
          "only label matchers are supported: '" + query + "' selects no streams");
    }
    List<List<LabelMatcher>> result = new ArrayList<>(selectors.size());
    for (LogSelectorExpr selector : selectors) {
      result.add(convert(selector.matchers()));
    }
    return result;
  }

  static List<LabelMatcher> convert(List<io.tracemate.logql.syntax.LabelMatcher> matchers) {
    List<LabelMatcher> result = new ArrayList<>(matchers.size());
    for (io.tracemate.logql.syntax.LabelMatcher matcher : matchers) {
      LabelMatcher.Type type =
          switch (matcher.type()) {
            case EQUAL -> LabelMatcher.Type.EQ;
            case NOT_EQUAL -> LabelMatcher.Type.NEQ;
            case REGEX -> LabelMatcher.Type.RE;
            case NOT_REGEX -> LabelMatcher.Type.NRE;
          };
      try {
        result.add(LabelMatcher.of(matcher.name(), type, matcher.value()));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException(e.getMessage(), e);
      }
    }
    return result;
  }
}
