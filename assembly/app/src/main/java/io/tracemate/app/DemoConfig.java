package io.tracemate.app;

import io.tracemate.demo.DemoOptions;
import io.tracemate.server.config.Toggled;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.servicegraph.HealthThresholds;
import io.tracemate.servicegraph.ServiceGraphConfig;
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
    Toggled<ServiceGraphConfig> servicegraph = pipeline.servicegraph();
    if (servicegraph.given() || !servicegraph.enabled()) {
      return config; // the user's own thresholds (or servicegraph: false) win
    }
    Map<String, HealthThresholds.ServiceOverride> services = new TreeMap<>();
    for (Map.Entry<String, Integer> slo : DemoOptions.latencySlosMillis().entrySet()) {
      services.put(
          slo.getKey(),
          new HealthThresholds.ServiceOverride(slo.getValue().doubleValue(), null, null));
    }
    HealthThresholds defaults = servicegraph.config().health();
    HealthThresholds withSlos =
        new HealthThresholds(
            defaults.p99Millis(),
            defaults.warningErrorRatio(),
            defaults.criticalErrorRatio(),
            defaults.latencyBaseline(),
            services);
    return new TracemateConfig(
        config.server(),
        config.receivers(),
        config.query(),
        config.storage(),
        config.ingest(),
        new TracemateConfig.PipelineSettings(
            pipeline.processors(),
            pipeline.spanmetrics(),
            Toggled.byDefault(servicegraph.config().withHealth(withSlos))),
        config.logs(),
        config.auth(),
        config.multitenancy(),
        config.audit(),
        config.runtimeConfig(),
        config.ruler(),
        config.alerting(),
        config.kafka());
  }
}
