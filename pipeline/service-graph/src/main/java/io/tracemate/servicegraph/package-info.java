/**
 * The service graph: edges between services computed on 100 % of spans, before sampling, and the topology
 * model the API queries.
 *
 * <h2>Ingest</h2>
 * {@link io.tracemate.servicegraph.ServiceGraph#observe} sees every span. CLIENT and PRODUCER spans wait in a
 * bounded store ({@code PendingEdges}) under their own (trace ID, span ID); SERVER spans under their parent's;
 * CONSUMER spans under their parent's and under every span they link to, which is how a Kafka record read by
 * several consumer groups, or a batch consumer in a trace of its own, finds its producer. A pair completes one
 * request on its edge; the request is recorded at once (no minute-long batch), which is what "continuously
 * updated" means here. What never meets a partner within {@code store.ttl} becomes an edge to (or from) a
 * virtual node named by the span's peer attributes ({@code PeerNaming}); database calls and root SERVER spans
 * need no partner and are recorded immediately. The semantics follow the OpenTelemetry Collector's servicegraph
 * connector (store TTL and max_items, virtual_node_peer_attributes, "user" for root spans, failed = either side
 * failed, the connection_type values); span links and the {@code via} destination are Tracemate's additions.
 *
 * <h2>Storage</h2>
 * Each edge has two series in the shared {@link io.tracemate.red.RedSeriesStore} (labels
 * {@code metric=service_graph}, {@code edge}, {@code client}, {@code server}, {@code connection_type},
 * {@code via}, {@code client_kind}, {@code server_kind}, {@code side}): the client's and the server's durations,
 * each counting every request with its failed flag. The store's fixed-resolution slots and mergeable histograms
 * give any window's requests, errors, rate and quantiles, so the graph itself keeps no time series; the graph
 * keeps only the registry of edges (bounded by {@code max_edges}) and of services (namespaces, last seen).
 * The same requests feed the collector-compatible Prometheus metrics ({@code traces_service_graph_*}).
 *
 * <h2>Queries</h2>
 * {@link io.tracemate.servicegraph.ServiceGraph#topology} reads the window's edges back from the store (one
 * grouped pass per side), then filters by namespace (services of the namespace and the virtual nodes attached to
 * them), focuses on a service with N hops up and down (breadth-first over the window's edges), and judges every
 * node's and edge's health by {@link io.tracemate.servicegraph.HealthThresholds}: errors and latency apart, each
 * with its reason, latency against the service's SLO or its own normal, the p99 of the same figures over the
 * lookback before the window (one more grouped pass; 5 min slots beyond the last hour). An edge's slow calls are
 * counted against the callee's SLO or the edge's normal p99. Paths between two services are all simple
 * directed paths, enumerated shortest first by iterative deepening under a step budget.
 *
 * <h2>Tenants</h2>
 * {@link io.tracemate.servicegraph.ServiceGraphConnector} keeps one {@code ServiceGraph} per tenant (pairing store,
 * edge and service registries, RED store), so a client span never pairs with another tenant's server span even when
 * their IDs collide, {@code max_edges} and {@code store.max_items} bound each tenant apart, and a read names the
 * tenants whose graphs it sees. The collector-compatible series of every tenant's graph are one set of client_java
 * metrics with a {@code tenant} label when multitenancy is on (without it, the labels of before tenants), read per
 * request scope rather than through the shared registry.
 */
package io.tracemate.servicegraph;
