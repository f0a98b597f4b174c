package io.tracemate.http.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.alerting.model.LiveAlerts;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.red.HealthJson;
import io.tracemate.http.red.RedJson;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.http.support.RequestTenants;
import io.tracemate.http.support.TimeWindow;
import io.tracemate.red.RedPoint;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.Topology;
import io.tracemate.servicegraph.TopologyEdge;
import io.tracemate.servicegraph.TopologyNode;
import io.tracemate.servicegraph.TopologyQuery;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The live service topology, from the service graph (updated as spans arrive):
 * <ul>
 *   <li>{@code GET /api/topology?start=&end=|lookback=&namespace=&service=&hopsUp=&hopsDown=&brokers=} — nodes
 *       (services, databases, broker destinations, other virtual peers) with RED, a health state with its
 *       reasons (a firing critical alert about the node's service makes it critical, see {@link NodeAlerts}) and
 *       the node's firing alerts, and edges with RED as the caller and the callee measured them (max and slow calls included) and a
 *       health state by the same rules;
 *   <li>{@code GET /api/topology/paths?from=&to=&maxPaths=&maxDepth=} — the call paths from one service to
 *       another in the window;
 *   <li>{@code GET /api/topology/edges/series?source=&target=&start=&end=|lookback=&step=} — one edge's RED over
 *       time as the caller ({@code client}) and the callee ({@code server}) measured it.
 * </ul>
 * Times are epoch milliseconds, latencies milliseconds.
 *
 * <p>Every read is the request's tenants' ({@link RequestTenants}): a tenant's graph is made of its own spans only.
 * A read of several tenants ({@code X-Scope-OrgID: a|b}) answers each tenant's graph side by side, never joined
 * (Loki's rule for streams): each node and edge says its {@code tenant}, a node's {@code id} is {@code
 * <tenant>/<name>} (no tenant ID has a {@code /}), edges join those IDs, and paths list them; an edge's series reads
 * one tenant, named with the parameter {@code tenant}. A read of one tenant answers as before tenants. Thread-safe.
 */
public final class TopologyApi {
  private static final BlockingEndpoints ENDPOINTS =
      BlockingEndpoints.of(ApiErrors.of(ErrorShape.TRACEMATE));

  private final Function<TenantId, ServiceGraph> graphs;
  private final LiveAlerts alerts;
  private final Clock clock;

  /**
   * @param graphs each tenant's graph (an empty one for a tenant without spans)
   * @param alerts the ruler's live alerts: a node with a firing critical alert is critical ({@link NodeAlerts})
   */
  public TopologyApi(Function<TenantId, ServiceGraph> graphs, LiveAlerts alerts, Clock clock) {
    this.graphs = graphs;
    this.alerts = alerts;
    this.clock = clock;
  }

  /** Without alerts (no ruler): health by errors and latency only. */
  public TopologyApi(Function<TenantId, ServiceGraph> graphs, Clock clock) {
    this(graphs, LiveAlerts.NONE, clock);
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server.route().get("/api/topology").build(ENDPOINTS.service(this::topology));
    server.route().get("/api/topology/paths").build(ENDPOINTS.service(this::paths));
    server.route().get("/api/topology/edges/series").build(ENDPOINTS.service(this::edgeSeries));
    return server;
  }

  private HttpResponse topology(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    TimeWindow window = TimeWindow.parse(params, clock.instant());
    TopologyQuery query = TopologyQuery.between(window.start(), window.end());
    String namespace = params.get("namespace");
    if (namespace != null && !namespace.isBlank()) {
      query = query.inNamespace(namespace);
    }
    String focus = params.get("service");
    if (focus != null && !focus.isBlank()) {
      query =
          query.around(
              focus,
              TimeWindow.intParam(params, "hopsUp", 1, 0, TopologyQuery.MAX_HOPS),
              TimeWindow.intParam(params, "hopsDown", 1, 0, TopologyQuery.MAX_HOPS));
    }
    query = query.withBrokersAsNodes(Boolean.parseBoolean(params.get("brokers", "false")));
    TenantScope scope = RequestTenants.scope(ctx);
    Map<TenantId, Topology> topologies = new TreeMap<>();
    Map<TenantId, NodeAlerts> firing = new TreeMap<>();
    for (TenantId tenant : scope.tenants()) {
      topologies.put(tenant, graphs.apply(tenant).topology(query));
      firing.put(tenant, NodeAlerts.of(alerts.firing(tenant)));
    }
    TopologyQuery asked = query;
    return JsonBody.ok(out -> write(out, asked, topologies, firing, !scope.isSingle()));
  }

  private HttpResponse paths(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    String from = Parameters.required(params, "from");
    String to = Parameters.required(params, "to");
    TimeWindow window = TimeWindow.parse(params, clock.instant());
    int maxPaths = TimeWindow.intParam(params, "maxPaths", 10, 1, 100);
    int maxDepth = TimeWindow.intParam(params, "maxDepth", 8, 1, 32);
    TenantScope scope = RequestTenants.scope(ctx);
    List<List<String>> paths = new ArrayList<>();
    for (TenantId tenant : scope.tenants()) {
      for (List<String> path :
          graphs.apply(tenant).paths(from, to, window.start(), window.end(), maxPaths, maxDepth)) {
        paths.add(
            scope.isSingle() ? path : path.stream().map(hop -> nodeId(tenant, hop, true)).toList());
      }
    }
    // shortest first, then alphabetically, as one tenant's paths are
    paths.sort(
        Comparator.<List<String>>comparingInt(List::size)
            .thenComparing(path -> String.join("\0", path)));
    if (paths.size() > maxPaths) {
      paths.subList(maxPaths, paths.size()).clear();
    }
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("from", from);
          out.writeStringField("to", to);
          out.writeNumberField("start", window.start().toEpochMilli());
          out.writeNumberField("end", window.end().toEpochMilli());
          out.writeArrayFieldStart("paths");
          for (List<String> path : paths) {
            out.writeStartArray();
            for (String hop : path) {
              out.writeString(hop);
            }
            out.writeEndArray();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  private HttpResponse edgeSeries(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    String source = Parameters.required(params, "source");
    String target = Parameters.required(params, "target");
    TimeWindow window = TimeWindow.parse(params, clock.instant());
    ServiceGraph graph = graphs.apply(RequestTenants.one(ctx));
    List<RedPoint> client =
        graph.edgeSeries(source, target, "client", window.start(), window.end(), window.step());
    List<RedPoint> server =
        graph.edgeSeries(source, target, "server", window.start(), window.end(), window.step());
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("source", source);
          out.writeStringField("target", target);
          out.writeNumberField("start", window.start().toEpochMilli());
          out.writeNumberField("end", window.end().toEpochMilli());
          out.writeNumberField("step", stepMillis(client, window));
          RedJson.writeSeries(out, "client", client);
          RedJson.writeSeries(out, "server", server);
          out.writeEndObject();
        });
  }

  /** The step the store actually used (it rounds up to its resolution), in milliseconds. */
  private static long stepMillis(List<RedPoint> points, TimeWindow window) {
    if (points.size() >= 2) {
      return points.get(1).start().toEpochMilli() - points.get(0).start().toEpochMilli();
    }
    return window.step().toMillis();
  }

  /** A node's ID: its name in a read of one tenant, {@code <tenant>/<name>} in a read of several. */
  private static String nodeId(TenantId tenant, String name, boolean severalTenants) {
    return severalTenants ? tenant.value() + "/" + name : name;
  }

  private static void write(
      JsonGenerator out,
      TopologyQuery query,
      Map<TenantId, Topology> topologies,
      Map<TenantId, NodeAlerts> firing,
      boolean severalTenants)
      throws IOException {
    out.writeStartObject();
    out.writeNumberField("start", query.start().toEpochMilli());
    out.writeNumberField("end", query.end().toEpochMilli());
    out.writeArrayFieldStart("nodes");
    for (Map.Entry<TenantId, Topology> topology : topologies.entrySet()) {
      for (TopologyNode node : topology.getValue().nodes()) {
        writeNode(out, topology.getKey(), node, firing.get(topology.getKey()), severalTenants);
      }
    }
    out.writeEndArray();
    out.writeArrayFieldStart("edges");
    for (Map.Entry<TenantId, Topology> topology : topologies.entrySet()) {
      for (TopologyEdge edge : topology.getValue().edges()) {
        writeEdge(out, topology.getKey(), edge, severalTenants);
      }
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeNode(
      JsonGenerator out,
      TenantId tenant,
      TopologyNode node,
      NodeAlerts alerts,
      boolean severalTenants)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("id", nodeId(tenant, node.name(), severalTenants));
    out.writeStringField("name", node.name());
    if (severalTenants) {
      out.writeStringField("tenant", tenant.value());
    }
    out.writeStringField("kind", node.kind().name().toLowerCase(Locale.ROOT));
    out.writeStringField("namespace", node.namespace());
    out.writeArrayFieldStart("namespaces");
    for (String namespace : node.namespaces()) {
      out.writeString(namespace);
    }
    out.writeEndArray();
    RedJson.write(out, "red", node.red());
    HealthJson.write(out, alerts.judge(node.name(), node.health()));
    alerts.write(out, node.name());
    if (node.lastSeen() == null) {
      out.writeNullField("lastSeen");
    } else {
      out.writeNumberField("lastSeen", node.lastSeen().toEpochMilli());
    }
    out.writeEndObject();
  }

  private static void writeEdge(
      JsonGenerator out, TenantId tenant, TopologyEdge edge, boolean severalTenants)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("source", nodeId(tenant, edge.source(), severalTenants));
    out.writeStringField("target", nodeId(tenant, edge.target(), severalTenants));
    if (severalTenants) {
      out.writeStringField("tenant", tenant.value());
    }
    out.writeStringField("connectionType", edge.connectionType().name().toLowerCase(Locale.ROOT));
    out.writeStringField("via", edge.via());
    out.writeNumberField("requests", edge.requests());
    out.writeNumberField("failed", edge.failed());
    RedJson.number(out, "rate", edge.requestsPerSecond());
    RedJson.number(out, "errorRatio", edge.errorRatio());
    RedJson.write(out, "client", edge.client());
    RedJson.write(out, "server", edge.server());
    HealthJson.write(out, edge.health());
    out.writeEndObject();
  }
}
