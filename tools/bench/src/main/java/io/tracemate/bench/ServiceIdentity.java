package io.tracemate.bench;

/** A synthetic service instance: what goes into its OTLP resource / Zipkin local endpoint. */
record ServiceIdentity(String name, String version, String podName, String ip) {

  static final String NAMESPACE = "bench";
}
