package io.tracemate.spanmetrics.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Tracemate's own block {@code instances}: each service's RED per instance (pod, process), for the services
 * overview's instance breakdown. Kept in the internal time series only, never as a Prometheus label (an instance
 * label multiplies every metric by the replica count; add it as a {@code dimensions} entry to expose it).
 *
 * <pre>
 * instances:
 *   attributes: [k8s.pod.name, service.instance.id, host.name]   # resource attributes; the first present names it
 *   max_per_service: 50                                           # distinct instances kept per service
 * </pre>
 *
 * @param attributes resource attributes that name an instance, in order of preference; empty: no breakdown
 * @param maxPerService instances per service at a time (an instance idle for an hour leaves room for a new
 *     one, so rolling deploys keep being counted); beyond it spans count under {@code __other__}
 */
public record InstancesConfig(
    @JsonProperty("attributes") List<String> attributes,
    @JsonProperty("max_per_service") Integer maxPerService) {

  public static final List<String> DEFAULT_ATTRIBUTES =
      List.of("k8s.pod.name", "service.instance.id", "host.name");
  public static final int DEFAULT_MAX_PER_SERVICE = 50;

  public InstancesConfig {
    attributes = attributes == null ? DEFAULT_ATTRIBUTES : List.copyOf(attributes);
    maxPerService = maxPerService == null ? DEFAULT_MAX_PER_SERVICE : maxPerService;
  }

  public static InstancesConfig defaults() {
    return new InstancesConfig(null, null);
  }

  /** False for {@code attributes: []}: no instance breakdown is recorded. */
  public boolean enabled() {
    return !attributes.isEmpty();
  }
}
