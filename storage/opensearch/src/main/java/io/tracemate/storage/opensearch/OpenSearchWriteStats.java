package io.tracemate.storage.opensearch;

import java.util.Map;

/**
 * What the bulk writer has done since the store opened, for /metrics: counters only grow, the two byte figures are
 * what waits right now.
 *
 * @param documents documents OpenSearch indexed (each once, however often it was sent)
 * @param bytes bytes of bulk request bodies sent, retries included
 * @param requests bulk requests sent, retries included
 * @param failedRequests bulk requests that got no answer, a 429 or a 5xx as a whole (sent again)
 * @param retriedDocuments documents sent again after their request or their own item failed retryably
 * @param rejectedDocuments documents OpenSearch refused for good (malformed) and that were dropped
 * @param itemFailures failed items by OpenSearch's error type and what was done with them
 * @param inFlightBytes bytes of bulk requests sent or being retried, not yet fully taken
 * @param bufferedBytes bytes waiting for the next bulk request
 */
public record OpenSearchWriteStats(
    long documents,
    long bytes,
    long requests,
    long failedRequests,
    long retriedDocuments,
    long rejectedDocuments,
    Map<ItemFailure, Long> itemFailures,
    long inFlightBytes,
    long bufferedBytes) {

  public OpenSearchWriteStats {
    itemFailures = Map.copyOf(itemFailures);
  }

  /**
   * @param reason OpenSearch's error type ({@code es_rejected_execution_exception}, {@code mapper_parsing_exception},
   *     {@code cluster_block_exception}, ...), or {@code other} beyond a bounded number of distinct types
   * @param retried true when the item was sent again, false when it was dropped for good
   */
  public record ItemFailure(String reason, boolean retried) {}
}
