package io.tracemate.servicegraph;

/**
 * Counters of a {@link ServiceGraph} since it started.
 *
 * @param pendingHalfEdges half edges waiting for their other side now
 * @param edges distinct edges tracked now
 * @param pairedRequests requests from a CLIENT/SERVER or PRODUCER/CONSUMER pair
 * @param databaseRequests requests to a database (formed from the client span alone)
 * @param virtualRequests requests to or from a virtual node after the TTL (named by the peer attributes), and
 *     from {@code user} to entry services
 * @param expiredHalfEdges half edges that reached the TTL without a partner
 * @param evictedHalfEdges half edges pushed out early by {@code max_items}
 * @param unnamedHalfEdges expired or evicted half edges that became no edge: a SERVER whose client never came,
 *     or a client without any peer attribute
 * @param duplicateSpans client/producer spans that arrived twice (ignored)
 * @param droppedRequests requests not recorded because {@code max_edges} edges were already tracked
 */
public record ServiceGraphStats(
    long pendingHalfEdges,
    long edges,
    long pairedRequests,
    long databaseRequests,
    long virtualRequests,
    long expiredHalfEdges,
    long evictedHalfEdges,
    long unnamedHalfEdges,
    long duplicateSpans,
    long droppedRequests) {}
