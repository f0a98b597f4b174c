package io.tracemate.analysis;

import java.util.List;

/**
 * Attribute frequencies for the trace view's tag cloud. Every count is a number of spans. Lists are ordered
 * by count (descending), then key and value.
 *
 * @param spanTags the most frequent span attribute pairs (top N), without ID-like or high-cardinality values
 * @param resourceTags the most frequent resource attribute pairs (top N, flagged {@code resource})
 * @param httpStatuses every HTTP status code seen ({@code http.response.status_code}, else the older
 *     {@code http.status_code}), never cut
 * @param errors error spans by reason: the type of their first exception event, else {@code error.type},
 *     else the status message, else key {@code status} with value {@code ERROR}
 */
public record TagCloud(
    List<TagCount> spanTags,
    List<TagCount> resourceTags,
    List<TagCount> httpStatuses,
    List<TagCount> errors) {

  public TagCloud {
    spanTags = List.copyOf(spanTags);
    resourceTags = List.copyOf(resourceTags);
    httpStatuses = List.copyOf(httpStatuses);
    errors = List.copyOf(errors);
  }
}
