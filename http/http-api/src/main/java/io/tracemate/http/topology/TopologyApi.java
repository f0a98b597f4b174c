package io.tracemate.http.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.red.HealthJson;
import io.tracemate.http.red.RedJson;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.http.support.TimeWindow;
import io.tracemate.red.RedPoint;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.Topology;
import io.tracemate.servicegraph.TopologyEdge;
import io.tracemate.servicegraph.TopologyNode;
import io.tracemate.servicegraph.TopologyQuery;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The live service topology, from the service graph (updated as spans arrive):
 * <ul>
 *   <li>{@code GET /api/topology?start=&end=|lookback=&namespace=&service=&hopsUp=&hopsDown=&brokers=} — nodes
 *       (services, databases, broker destinations, other virtual peers) with RED and a health state with its
 *       reasons, and edges with RED as the caller and the callee measured them (max and slow calls included) and a
 *       health state by the same rules;
 *   <li>{@code GET /api/topology/paths?from=&to=&maxPaths=&maxDepth=} — the call paths from one service to
 *       another in the window;
 *   <li>{@code GET /api/topology/edges/series?source=&target=&start=&end=|lookback=&step=} — one edge's RED over
 *       time as the caller ({@code client}) and the callee ({@code server}) measured it.
 * </ul>
 * Times are epoch milliseconds, latencies milliseconds. Thread-safe.
 */
public final class TopologyApi {
  private static final BlockingEndpoints ENDPOINTS =
      BlockingEndpoints.of(ApiErrors.of(ErrorShape.TRACEMATE));

  private final ServiceGraph graph;
  private final Clock clock;

  public TopologyApi(ServiceGraph graph, Clock clock) {
    this.graph = graph;
    this.clock = clock;
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
    Topology topology = graph.topology(query);
    return JsonBody.ok(out -> write(out, topology));
  }

  private HttpResponse paths(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    String from = Parameters.required(params, "from");
    String to = Parameters.required(params, "to");
    TimeWindow window = TimeWindow.parse(params, clock.instant());
    int maxPaths = TimeWindow.intParam(params, "maxPaths", 10, 1, 100);
    int maxDepth = TimeWindow.intParam(params, "maxDepth", 8, 1, 32);
    List<List<String>> paths =
        graph.paths(from, to, window.start(), window.end(), maxPaths, maxDepth);
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

  private static void write(JsonGenerator out, Topology topology) throws IOException {
    out.writeStartObject();
    out.writeNumberField("start", topology.start().toEpochMilli());
    out.writeNumberField("end", topology.end().toEpochMilli());
    out.writeArrayFieldStart("nodes");
    for (TopologyNode node : topology.nodes()) {
      writeNode(out, node);
    }
    out.writeEndArray();
    out.writeArrayFieldStart("edges");
    for (TopologyEdge edge : topology.edges()) {
      writeEdge(out, edge);
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeNode(JsonGenerator out, TopologyNode node) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", node.name());
    out.writeStringField("name", node.name());
    out.writeStringField("kind", node.kind().name().toLowerCase(Locale.ROOT));
    out.writeStringField("namespace", node.namespace());
    out.writeArrayFieldStart("namespaces");
    for (String namespace : node.namespaces()) {
      out.writeString(namespace);
    }
    out.writeEndArray();
    RedJson.write(out, "red", node.red());
    HealthJson.write(out, node.health());
    if (node.lastSeen() == null) {
      out.writeNullField("lastSeen");
    } else {
      out.writeNumberField("lastSeen", node.lastSeen().toEpochMilli());
    }
    out.writeEndObject();
  }

  private static void writeEdge(JsonGenerator out, TopologyEdge edge) throws IOException {
    out.writeStartObject();
    out.writeStringField("source", edge.source());
    out.writeStringField("target", edge.target());
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
