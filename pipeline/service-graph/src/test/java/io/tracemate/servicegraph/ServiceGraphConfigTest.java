package io.tracemate.servicegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracemate.common.units.HumanDuration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceGraphConfigTest {

  /** Like the server's config loader: durations as "10s", unknown keys refused. */
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(
              new SimpleModule()
                  .addDeserializer(
                      Duration.class,
                      new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(
                            JsonParser parser, DeserializationContext context) throws IOException {
                          return HumanDuration.parse(parser.getValueAsString());
                        }
                      }));

  @Test
  void readsTheCollectorKeysAndTracematesOwn() throws IOException {
    ServiceGraphConfig config =
        YAML.readValue(
            """
        store:
          ttl: 5s
          max_items: 500
        virtual_node_peer_attributes: [peer.service, server.address]
        latency_histogram_buckets: [10ms, 100ms, 1s]
        max_edges: 200
        health:
          p99_ms: 750
          warning_error_ratio: 0.02
          latency_baseline: {lookback: 6h, factor: 3}
          services:
            payment-service: {p99_ms: 300}
        """,
            ServiceGraphConfig.class);
    assertThat(config.health().latencyBaseline())
        .isEqualTo(new HealthThresholds.LatencyBaseline(Duration.ofHours(6), 3.0, 10.0, 50));
    assertThat(config.store())
        .isEqualTo(new ServiceGraphConfig.StoreConfig(Duration.ofSeconds(5), 500));
    assertThat(config.virtualNodePeerAttributes())
        .containsExactly("peer.service", "server.address");
    assertThat(config.latencyHistogramBuckets())
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(config.maxEdges()).isEqualTo(200);
    assertThat(config.health().forService("payment-service"))
        .isEqualTo(new Thresholds(300.0, 0.02, 0.05));
    assertThat(config.health().forService("other")).isEqualTo(new Thresholds(750.0, 0.02, 0.05));
  }

  @Test
  void anEmptyBlockIsAllDefaults() throws IOException {
    ServiceGraphConfig config = YAML.readValue("{}", ServiceGraphConfig.class);
    assertThat(config).isEqualTo(ServiceGraphConfig.defaults());
    assertThat(config.store().ttl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.store().maxItems()).isEqualTo(10_000);
    assertThat(config.virtualNodePeerAttributes())
        .startsWith("peer.service", "db.namespace", "db.name");
    assertThat(config.latencyHistogramBuckets())
        .hasSize(16)
        .startsWith(Duration.ofMillis(2))
        .endsWith(Duration.ofSeconds(15));
    assertThat(config.health()).isEqualTo(HealthThresholds.defaults());
  }

  @Test
  void invalidValuesNameTheirYamlPath() {
    assertThatThrownBy(() -> new ServiceGraphConfig.StoreConfig(Duration.ZERO, null))
        .hasMessageStartingWith("service_graph.store.ttl must be positive");
    assertThatThrownBy(() -> new ServiceGraphConfig.StoreConfig(null, 0))
        .hasMessage("service_graph.store.max_items must be at least 1, got 0");
    assertThatThrownBy(
            () ->
                new ServiceGraphConfig(
                    null, null, List.of(Duration.ofSeconds(1), Duration.ofMillis(500)), null, null))
        .hasMessage(
            "service_graph.latency_histogram_buckets must increase: [1] PT0.5S is not above [0] PT1S");
    assertThatThrownBy(
            () -> new ServiceGraphConfig(null, List.of("peer.service", " "), null, null, null))
        .hasMessage("service_graph.virtual_node_peer_attributes[1] is blank");
    assertThatThrownBy(() -> YAML.readValue("store: {wait: 5s}", ServiceGraphConfig.class))
        .hasMessageContaining("wait");
  }
}
