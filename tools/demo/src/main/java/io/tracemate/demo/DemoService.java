package io.tracemate.demo;

/**
 * The simulated shop: the services of the troubleshooting story, where they run and how many
 * replicas (each replica is its own "process" with its own SDK and resource).
 */
enum DemoService {
  API_GATEWAY("api-gateway", "shop", "2.3.1", 2, "general-pool"),
  ORDER_SERVICE("order-service", "shop", "1.14.2", 2, "general-pool"),
  INVENTORY_SERVICE("inventory-service", "shop", "3.2.0", 1, "general-pool"),
  PAYMENT_SERVICE("payment-service", "payments", "4.1.0", 1, "secure-pool"),
  RISK_CONTROL("risk-control", "payments", "1.8.2", 1, "gpu-pool"),
  BANK_GATEWAY("bank-gateway", "payments", "3.0.7", 1, "secure-pool"),
  NOTIFICATION_SERVICE("notification-service", "shop", "1.4.9", 1, "general-pool"),
  ANALYTICS_SERVICE("analytics-service", "data", "0.9.3", 1, "batch-pool");

  private final String serviceName;
  private final String namespace;
  private final String version;
  private final int replicas;
  private final String nodePool;

  DemoService(String serviceName, String namespace, String version, int replicas, String nodePool) {
    this.serviceName = serviceName;
    this.namespace = namespace;
    this.version = version;
    this.replicas = replicas;
    this.nodePool = nodePool;
  }

  String serviceName() {
    return serviceName;
  }

  String namespace() {
    return namespace;
  }

  String version() {
    return version;
  }

  int replicas() {
    return replicas;
  }

  String nodePool() {
    return nodePool;
  }

  /** In-cluster DNS name other services use to call this one. */
  String clusterHost() {
    return serviceName + "." + namespace + ".svc.cluster.local";
  }
}
