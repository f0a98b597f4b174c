/**
 * The live service topology over HTTP, Tracemate's own API: {@link io.tracemate.http.topology.TopologyApi} answers
 * {@code /api/topology} (nodes and edges with RED and health), {@code /api/topology/paths} and
 * {@code /api/topology/edges/series} from the service graph, which is updated as spans arrive (before tail
 * sampling), so a window costs the same whatever its length. A node's health adds, to the graph's errors and
 * latency, the ruler's firing alerts about its service ({@link io.tracemate.http.topology.NodeAlerts}), read in
 * process through {@link io.tracemate.alerting.model.LiveAlerts}: a firing {@code severity="critical"} alert
 * makes the node critical, with the alert's name as the reason.
 *
 * <p>Same conventions as {@code io.tracemate.http.red}, whose JSON writers it uses for RED figures and health
 * verdicts: camelCase fields, epoch-millisecond times, millisecond latencies, {@code {"error": {"code",
 * "message"}}} errors. Handlers run on the blocking executor and only read the service graph's thread-safe query
 * methods. Every read covers the request's tenants only, each tenant's graph apart (see {@link
 * io.tracemate.http.topology.TopologyApi} for the shape of a read of several tenants).
 */
package io.tracemate.http.topology;
