package io.tracemate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the bench's synthetic traces: about ten spans each, eleven attributes per span, over
 * six services of a small shop, following four request shapes (product page, add to cart,
 * checkout, order list). By default about 1 % of traces fail somewhere; {@link WorkloadMix} sets the shares
 * of failed, slow and business-tagged traces. Deterministic for a given seed and mix (the default mix draws
 * the same random numbers as before the mix existed, so its traces are unchanged).
 *
 * <p>Not thread-safe; templates are generated once, before the load starts.
 */
final class SyntheticWorkload {

  /** Entry routes of bench-frontend; each is also a search term of the query probe. */
  static final List<String> ROUTES =
      List.of("/api/products/{id}", "/api/cart/items", "/api/checkout", "/api/orders");

  static final String ENTRY_SERVICE = "bench-frontend";
  static final String SEARCH_TAG = "http.route";

  private final SplittableRandom random;
  private final WorkloadMix mix;
  private final SpanAttributes attributes;
  private final ServiceIdentity frontend;
  private final ServiceIdentity catalog;
  private final ServiceIdentity cart;
  private final ServiceIdentity checkout;
  private final ServiceIdentity payment;
  private final ServiceIdentity recommendation;

  SyntheticWorkload(long seed) {
    this(seed, WorkloadMix.DEFAULT);
  }

  SyntheticWorkload(long seed, WorkloadMix mix) {
    this.random = new SplittableRandom(seed);
    this.mix = mix;
    this.attributes = new SpanAttributes(random);
    this.frontend = service("bench-frontend", "2.4.0");
    this.catalog = service("bench-catalog", "1.9.3");
    this.cart = service("bench-cart", "3.1.1");
    this.checkout = service("bench-checkout", "1.22.0");
    this.payment = service("bench-payment", "4.0.2");
    this.recommendation = service("bench-recommendation", "0.8.7");
  }

  /** Whole traces until the batch holds at least {@code minSpans} spans. */
  List<TemplateSpan> batch(int minSpans) {
    List<TemplateSpan> spans = new ArrayList<>(minSpans + 16);
    int traceIndex = 0;
    while (spans.size() < minSpans) {
      Node root =
          switch (random.nextInt(4)) {
            case 0 -> productPage();
            case 1 -> addToCart();
            case 2 -> checkout();
            default -> orderList();
          };
      if (random.nextDouble() < mix.errorShare()) {
        failSomewhere(root);
      }
      // draws only when asked for, so that the default mix keeps its historical random sequence
      if (mix.slowShare() > 0 && random.nextDouble() < mix.slowShare()) {
        slowSomewhere(root);
      }
      if (mix.businessShare() > 0 && random.nextDouble() < mix.businessShare()) {
        root.attributes.put(
            WorkloadMix.BUSINESS_KEY,
            WorkloadMix.BUSINESS_TRANSACTIONS.get(
                random.nextInt(WorkloadMix.BUSINESS_TRANSACTIONS.size())));
      }
      layout(root, 0);
      flatten(root, traceIndex++, -1, spans);
    }
    return spans;
  }

  private Node productPage() {
    String user = userId();
    String productId = Integer.toString(random.nextInt(100_000, 999_999));
    Node root = entry("GET", ROUTES.get(0), "/api/products/" + productId, user);
    root.add(internal(frontend, "io.bench.frontend.ProductPage", "render", user, 0.4));
    Node getProduct =
        root.add(httpCall(frontend, catalog, "GET", "/products/" + productId, "/products/{id}"));
    Node catalogServer = getProduct.children.getFirst();
    catalogServer.add(
        sql(
            catalog,
            "catalog",
            "SELECT",
            "products",
            "SELECT id, name, price, currency, stock FROM products WHERE id = $1",
            1.6));
    catalogServer.add(redis(catalog, "GET", "price:" + productId));
    Node recommend =
        root.add(rpcCall(frontend, recommendation, "recommendation.v1.Recommender", "List"));
    Node recommendServer = recommend.children.getFirst();
    recommendServer.add(internal(recommendation, "io.bench.reco.Model", "score", user, 12));
    recommendServer.add(redis(recommendation, "MGET", "embedding:" + productId));
    return root;
  }

  private Node addToCart() {
    String user = userId();
    String productId = Integer.toString(random.nextInt(100_000, 999_999));
    Node root = entry("POST", ROUTES.get(1), "/api/cart/items", user);
    root.add(internal(frontend, "io.bench.frontend.CartController", "addItem", user, 0.3));
    Node add = root.add(rpcCall(frontend, cart, "cart.v1.CartService", "AddItem"));
    Node cartServer = add.children.getFirst();
    cartServer.add(redis(cart, "HSET", "cart:" + user));
    cartServer.add(redis(cart, "EXPIRE", "cart:" + user));
    Node price =
        root.add(httpCall(frontend, catalog, "GET", "/products/" + productId, "/products/{id}"));
    price
        .children
        .getFirst()
        .add(
            sql(
                catalog,
                "catalog",
                "SELECT",
                "products",
                "SELECT id, name, price, currency, stock FROM products WHERE id = $1",
                1.4));
    return root;
  }

  private Node checkout() {
    String user = userId();
    String orderId = "ord_" + Long.toHexString(random.nextLong() >>> 16);
    Node root = entry("POST", ROUTES.get(2), "/api/checkout", user);
    Node call = root.add(httpCall(frontend, checkout, "POST", "/checkout", "/checkout"));
    Node place =
        call.children
            .getFirst()
            .add(internal(checkout, "io.bench.checkout.CheckoutService", "placeOrder", user, 0.6));
    Node getCart = place.add(rpcCall(checkout, cart, "cart.v1.CartService", "GetCart"));
    getCart.children.getFirst().add(redis(cart, "HGETALL", "cart:" + user));
    Node charge = place.add(httpCall(checkout, payment, "POST", "/charge", "/charge"));
    charge
        .children
        .getFirst()
        .add(
            sql(
                payment,
                "payments",
                "INSERT",
                "charges",
                "INSERT INTO charges (id, order_id, amount, currency, status) VALUES ($1, $2, $3, $4, $5)",
                3.2));
    place.add(
        sql(
            checkout,
            "orders",
            "INSERT",
            "orders",
            "INSERT INTO orders (id, user_id, total, currency, created_at) VALUES ($1, $2, $3, $4, now())",
            2.8));
    place.add(
        new Node(
            checkout,
            "orders publish",
            SpanKind.PRODUCER,
            attributes.producer("orders", orderId),
            0.5,
            "kafka"));
    return root;
  }

  private Node orderList() {
    String user = userId();
    Node root = entry("GET", ROUTES.get(3), "/api/orders", user);
    Node list = root.add(httpCall(frontend, checkout, "GET", "/orders?user=" + user, "/orders"));
    Node server = list.children.getFirst();
    server.add(redis(checkout, "GET", "orders:" + user));
    server.add(
        sql(
            checkout,
            "orders",
            "SELECT",
            "orders",
            "SELECT id, total, currency, status, created_at FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20",
            4.5));
    server.add(internal(checkout, "io.bench.checkout.OrderMapper", "toView", user, 0.2));
    root.add(internal(frontend, "io.bench.frontend.OrdersPage", "render", user, 0.5));
    Node thumbnails =
        root.add(
            httpCall(frontend, catalog, "GET", "/products/thumbnails", "/products/thumbnails"));
    thumbnails.children.getFirst().add(redis(catalog, "MGET", "thumb:" + user));
    return root;
  }

  private Node entry(String method, String route, String path, String user) {
    return new Node(
        frontend,
        method + " " + route,
        SpanKind.SERVER,
        attributes.httpServer(
            frontend, method, route, path, user, method.equals("POST") ? 201 : 200),
        0.3,
        null);
  }

  /** A CLIENT span in {@code from} with the callee's SERVER span as its only child. */
  private Node httpCall(
      ServiceIdentity from, ServiceIdentity to, String method, String path, String route) {
    Node client =
        new Node(
            from,
            method,
            SpanKind.CLIENT,
            attributes.httpClient(to, method, path, 200),
            0.4,
            to.name());
    client.add(
        new Node(
            to,
            method + " " + route,
            SpanKind.SERVER,
            attributes.httpServer(to, method, route, path.replaceAll("\\?.*", ""), userId(), 200),
            0.2,
            null));
    return client;
  }

  private Node rpcCall(ServiceIdentity from, ServiceIdentity to, String rpcService, String method) {
    String name = rpcService + "/" + method;
    Node client =
        new Node(
            from,
            name,
            SpanKind.CLIENT,
            attributes.rpc(to, rpcService, method, false),
            0.3,
            to.name());
    client.add(
        new Node(
            to, name, SpanKind.SERVER, attributes.rpc(to, rpcService, method, true), 0.15, null));
    return client;
  }

  private Node sql(
      ServiceIdentity self,
      String db,
      String operation,
      String table,
      String statement,
      double millis) {
    return new Node(
        self,
        operation + " " + db + "." + table,
        SpanKind.CLIENT,
        attributes.sql(db, operation, table, statement),
        millis,
        "pg-" + db);
  }

  private Node redis(ServiceIdentity self, String command, String key) {
    return new Node(self, command, SpanKind.CLIENT, attributes.redis(command, key), 0.35, "redis");
  }

  private Node internal(
      ServiceIdentity self, String className, String method, String user, double millis) {
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    return new Node(
        self,
        simpleName + "." + method,
        SpanKind.INTERNAL,
        attributes.internal(className, method, user),
        millis,
        null);
  }

  /** Fails one leaf and every ancestor up to the root, as a 500 travels up. */
  private void failSomewhere(Node root) {
    List<Node> path = new ArrayList<>();
    Node node = root;
    path.add(node);
    while (!node.children.isEmpty()) {
      node = node.children.get(random.nextInt(node.children.size()));
      path.add(node);
    }
    path.getLast().error =
        "java.util.concurrent.TimeoutException: "
            + path.getLast().name
            + " timed out after 2000 ms";
    path.getLast().selfMillis = 2_000;
    for (Node ancestor : path.subList(0, path.size() - 1)) {
      ancestor.error = "upstream failure: 500";
      if (ancestor.attributes.containsKey("http.response.status_code")) {
        ancestor.attributes.put("http.response.status_code", 500L);
      }
    }
  }

  /** One leaf takes 600 to 1500 ms (a lock wait, a slow query): the whole trace passes 500 ms. */
  private void slowSomewhere(Node root) {
    Node node = root;
    while (!node.children.isEmpty()) {
      node = node.children.get(random.nextInt(node.children.size()));
    }
    node.selfMillis = Math.max(node.selfMillis, 600 + random.nextInt(900));
  }

  /** Children run one after the other inside their parent; returns the parent's end. */
  private long layout(Node node, long start) {
    node.start = start;
    long t = start + nanos(0.05);
    for (Node child : node.children) {
      t = layout(child, t + nanos(0.03)) + nanos(0.02);
    }
    node.end = t + nanos(node.selfMillis);
    return node.end;
  }

  private void flatten(Node node, int traceIndex, int parentIndex, List<TemplateSpan> out) {
    int index = out.size();
    out.add(
        new TemplateSpan(
            traceIndex,
            index,
            parentIndex,
            node.service,
            node.name,
            node.kind,
            node.start,
            Math.max(1_000, node.end - node.start),
            node.attributes,
            node.remoteService,
            node.error));
    for (Node child : node.children) {
      flatten(child, traceIndex, index, out);
    }
  }

  /** A log-normal latency around {@code medianMillis}. */
  private long nanos(double medianMillis) {
    double factor = Math.exp(0.5 * random.nextGaussian());
    return (long) (medianMillis * Math.min(10, factor) * 1_000_000);
  }

  private String userId() {
    return "u" + random.nextInt(1_000_000, 9_999_999);
  }

  private ServiceIdentity service(String name, String version) {
    String pod =
        name
            + "-"
            + Integer.toHexString(random.nextInt(0x1000000, 0xFFFFFFF))
            + "-"
            + Long.toString(random.nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
    return new ServiceIdentity(
        name, version, pod, "10.44." + random.nextInt(8) + "." + random.nextInt(2, 250));
  }

  private static final class Node {
    final ServiceIdentity service;
    final String name;
    final SpanKind kind;
    final Map<String, Object> attributes;
    final String remoteService;
    final List<Node> children = new ArrayList<>(3);
    double selfMillis;
    String error;
    long start;
    long end;

    Node(
        ServiceIdentity service,
        String name,
        SpanKind kind,
        Map<String, Object> attributes,
        double selfMillis,
        String remoteService) {
      this.service = service;
      this.name = name;
      this.kind = kind;
      this.attributes = attributes;
      this.selfMillis = selfMillis;
      this.remoteService = remoteService;
    }

    Node add(Node child) {
      children.add(child);
      return child;
    }
  }
}
