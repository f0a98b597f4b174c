package io.tracemate.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Eleven realistic semantic-convention attributes per span shape: the mix of low-cardinality keys
 * (methods, routes, systems) and high-cardinality values (IDs, paths, statements with literals
 * stripped) a real backend has to index and store.
 */
final class SpanAttributes {

  private static final List<String> USER_AGENTS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
          "ShopApp/5.12.0 (Android 14; Pixel 8) okhttp/4.12.0");
  private static final List<String> TIERS = List.of("free", "silver", "gold", "platinum");
  private static final List<String> REGIONS = List.of("cn-north-1", "cn-east-2", "ap-southeast-1");

  private final SplittableRandom random;

  SpanAttributes(SplittableRandom random) {
    this.random = random;
  }

  Map<String, Object> httpServer(
      ServiceIdentity self, String method, String route, String path, String userId, int status) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("http.request.method", method);
    a.put("http.route", route);
    a.put("url.path", path);
    a.put("url.scheme", "http");
    a.put("http.response.status_code", (long) status);
    a.put("server.address", self.name() + ".bench.svc.cluster.local");
    a.put("server.port", 8080L);
    a.put("client.address", "10.44." + random.nextInt(8) + "." + random.nextInt(1, 255));
    a.put("user_agent.original", USER_AGENTS.get(random.nextInt(USER_AGENTS.size())));
    a.put("network.protocol.version", "1.1");
    a.put("enduser.id", userId);
    return a;
  }

  Map<String, Object> httpClient(ServiceIdentity peer, String method, String path, int status) {
    Map<String, Object> a = new LinkedHashMap<>();
    String host = peer.name() + ".bench.svc.cluster.local";
    a.put("http.request.method", method);
    a.put("url.full", "http://" + host + ":8080" + path);
    a.put("server.address", host);
    a.put("server.port", 8080L);
    a.put("http.response.status_code", (long) status);
    a.put("network.protocol.version", "1.1");
    a.put("network.peer.address", peer.ip());
    a.put("network.peer.port", 8080L);
    a.put("http.request.body.size", (long) random.nextInt(0, 4_096));
    a.put("http.response.body.size", (long) random.nextInt(64, 65_536));
    a.put("peer.service", peer.name());
    return a;
  }

  Map<String, Object> rpc(ServiceIdentity peer, String service, String method, boolean server) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("rpc.system", "grpc");
    a.put("rpc.service", service);
    a.put("rpc.method", method);
    a.put("rpc.grpc.status_code", 0L);
    a.put("server.address", peer.name() + ".bench.svc.cluster.local");
    a.put("server.port", 9090L);
    a.put("network.peer.address", peer.ip());
    a.put("network.transport", "tcp");
    a.put("network.type", "ipv4");
    a.put("rpc.message.compressed_size", (long) random.nextInt(32, 8_192));
    a.put(
        server ? "thread.name" : "peer.service",
        server ? "grpc-default-executor-" + random.nextInt(16) : peer.name());
    return a;
  }

  Map<String, Object> sql(String database, String operation, String table, String statement) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("db.system", "postgresql");
    a.put("db.name", database);
    a.put("db.operation", operation);
    a.put("db.sql.table", table);
    a.put("db.statement", statement);
    a.put("db.user", database + "_app");
    a.put("server.address", "pg-" + database + ".bench.svc.cluster.local");
    a.put("server.port", 5432L);
    a.put("network.peer.address", "10.45.0." + random.nextInt(2, 250));
    a.put("network.peer.port", 5432L);
    a.put("db.response.returned_rows", (long) random.nextInt(0, 50));
    return a;
  }

  Map<String, Object> redis(String command, String key) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("db.system", "redis");
    a.put("db.operation", command);
    a.put("db.statement", command + " " + key);
    a.put("db.redis.database_index", 0L);
    a.put("server.address", "redis.bench.svc.cluster.local");
    a.put("server.port", 6379L);
    a.put("network.peer.address", "10.45.1." + random.nextInt(2, 250));
    a.put("network.peer.port", 6379L);
    a.put("cache.hit", random.nextInt(10) < 8);
    a.put("cache.key.prefix", key.substring(0, key.indexOf(':') + 1));
    a.put("thread.name", "lettuce-epollEventLoop-" + random.nextInt(4));
    return a;
  }

  Map<String, Object> internal(String className, String method, String userId) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("code.namespace", className);
    a.put("code.function", method);
    a.put("code.filepath", className.replace('.', '/') + ".java");
    a.put("code.lineno", (long) random.nextInt(20, 600));
    a.put("thread.name", "http-nio-8080-exec-" + random.nextInt(1, 200));
    a.put("thread.id", (long) random.nextInt(30, 400));
    a.put("enduser.id", userId);
    a.put("app.customer.tier", TIERS.get(random.nextInt(TIERS.size())));
    a.put("app.region", REGIONS.get(random.nextInt(REGIONS.size())));
    a.put("app.feature_flag.new_pricing", random.nextBoolean());
    a.put("app.items", (long) random.nextInt(1, 12));
    return a;
  }

  Map<String, Object> producer(String topic, String key) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("messaging.system", "kafka");
    a.put("messaging.destination.name", topic);
    a.put("messaging.operation", "publish");
    a.put("messaging.message.id", Long.toHexString(random.nextLong()));
    a.put("messaging.kafka.message.key", key);
    a.put("messaging.kafka.destination.partition", (long) random.nextInt(12));
    a.put("messaging.client_id", "producer-1");
    a.put("messaging.message.body.size", (long) random.nextInt(200, 2_000));
    a.put("server.address", "kafka-0.kafka.bench.svc.cluster.local");
    a.put("server.port", 9092L);
    a.put("app.region", REGIONS.get(random.nextInt(REGIONS.size())));
    return a;
  }
}
