package io.tracemate.demo;

import io.opentelemetry.api.trace.SpanKind;

/** The OpenTelemetry semantic-convention attributes of the common span shapes. */
final class Semconv {

  static final String MYSQL_HOST = "mysql.prod.svc.cluster.local";
  static final String REDIS_HOST = "redis-master.shop.svc.cluster.local";

  private Semconv() {}

  static SpanPlan httpServer(
      SpanPlan span,
      String method,
      String route,
      String path,
      int port,
      String clientAddress,
      String userAgent) {
    DemoService self = span.service().service();
    return span.attr("http.request.method", method)
        .attr("http.route", route)
        .attr("url.path", path)
        .attr("url.scheme", "http")
        .attr("server.address", self.clusterHost())
        .attr("server.port", port)
        .attr("client.address", clientAddress)
        .attr("network.peer.address", clientAddress)
        .attr("network.protocol.version", "1.1")
        .attr("user_agent.original", userAgent);
  }

  /** A server answered {@code status}: 5xx is an error on the server side. */
  static long httpServerDone(SpanPlan span, int status, long at) {
    span.attr("http.response.status_code", status);
    if (status >= 500) {
      span.attr("error.type", Integer.toString(status));
      if (span.status() != io.opentelemetry.api.trace.StatusCode.ERROR) {
        span.error("");
      }
    }
    return span.end(at);
  }

  static SpanPlan httpClient(
      SpanPlan parent,
      Instrumentation instrumentation,
      String method,
      String host,
      int port,
      String pathAndQuery,
      long start) {
    String scheme = port == 443 || port == 8443 ? "https" : "http";
    String portPart = port == 443 ? "" : ":" + port;
    return parent
        .child(instrumentation, method, SpanKind.CLIENT, start)
        .attr("http.request.method", method)
        .attr("url.full", scheme + "://" + host + portPart + pathAndQuery)
        .attr("server.address", host)
        .attr("server.port", port)
        .attr("network.protocol.version", "1.1");
  }

  /** A client got {@code status}: 4xx and 5xx are errors on the client side. */
  static long httpClientDone(SpanPlan span, int status, long at) {
    span.attr("http.response.status_code", status);
    if (status >= 400) {
      span.attr("error.type", Integer.toString(status));
      span.error("");
    }
    return span.end(at);
  }

  static SpanPlan rpc(SpanPlan span, String service, String method, String host) {
    return span.attr("rpc.system", "grpc")
        .attr("rpc.service", service)
        .attr("rpc.method", method)
        .attr("server.address", host)
        .attr("server.port", 9090);
  }

  static SpanPlan mysql(
      SpanPlan parent,
      String database,
      String operation,
      String table,
      String statement,
      long start) {
    return parent
        .child(
            Instrumentation.JDBC, operation + " " + database + "." + table, SpanKind.CLIENT, start)
        .attr("db.system", "mysql")
        .attr("db.name", database)
        .attr("db.operation", operation)
        .attr("db.sql.table", table)
        .attr("db.statement", statement)
        .attr("db.user", database + "_user")
        .attr("db.connection_string", "mysql://" + MYSQL_HOST + ":3306")
        .attr("server.address", MYSQL_HOST)
        .attr("server.port", 3306);
  }

  static SpanPlan redis(SpanPlan parent, String command, String statement, long start) {
    return parent
        .child(Instrumentation.LETTUCE, command, SpanKind.CLIENT, start)
        .attr("db.system", "redis")
        .attr("db.operation", command)
        .attr("db.statement", statement)
        .attr("db.redis.database_index", 0L)
        .attr("server.address", REDIS_HOST)
        .attr("server.port", 6379);
  }

  static SpanPlan code(SpanPlan parent, String className, String method, long start) {
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    return parent
        .child(Instrumentation.MANUAL, simpleName + "." + method, SpanKind.INTERNAL, start)
        .attr("code.namespace", className)
        .attr("code.function", method);
  }
}
