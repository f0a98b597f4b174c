package io.tracemate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.demo.DemoOptions;
import io.tracemate.server.config.TracemateConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo server's config: the user's, plus the demo shop's latency SLOs as service-graph health thresholds
 * when the user configured no service graph of their own, so the topology judges the shop's latency the way its
 * team would. Stateless.
 */
public final class DemoConfig {
  private DemoConfig() {}

  public static TracemateConfig withShopSlos(TracemateConfig config) {
    TracemateConfig.PipelineSettings pipeline = config.pipeline();
    if (pipeline.servicegraph() != null) {
      return config; // the user's own thresholds (or servicegraph: false) win
    }
    ObjectNode services = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, Integer> slo : new TreeMap<>(DemoOptions.latencySlosMillis()).entrySet()) {
      services.putObject(slo.getKey()).put("p99_ms", slo.getValue());
    }
    ObjectNode servicegraph = JsonNodeFactory.instance.objectNode();
    servicegraph.putObject("health").set("services", services);
    return new TracemateConfig(config.server(), config.receivers(), config.query(), config.storage(), config.ingest(),
        new TracemateConfig.PipelineSettings(pipeline.processors(), pipeline.spanmetrics(), (JsonNode) servicegraph),
        config.logs());
  }
}
