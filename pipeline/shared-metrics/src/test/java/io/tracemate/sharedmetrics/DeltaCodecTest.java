package io.tracemate.sharedmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.red.SeriesDelta;
import io.tracemate.red.SeriesKey;
import io.tracemate.red.SlotDelta;
import io.tracemate.servicegraph.ServiceNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaCodecTest {
  private static final TenantId TENANT = TenantId.parse("team-a");
  private static final SeriesKey KEY = SeriesKey.of("service", "orders", "span_name", "GET /o");

  private static SlotDelta slot(int i) {
    return new SlotDelta(
        i * 15_000L, 15_000, 3, 1, 9_000_000, new int[] {100, 200 + i}, new int[] {1, 2});
  }

  @Test
  void aSeriesDeltaRoundTripsInRecordsOfAtMost64Slots() {
    List<SlotDelta> slots = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      slots.add(slot(i));
    }
    List<byte[]> records =
        DeltaCodec.encode(TENANT, MetricsFamily.SERVICE_GRAPH, new SeriesDelta(KEY, slots));

    assertThat(records).hasSize(3);
    List<SlotDelta> decoded = new ArrayList<>();
    for (byte[] record : records) {
      DeltaCodec.Decoded d = DeltaCodec.decode(record);
      assertThat(d.tenant()).isEqualTo(TENANT);
      assertThat(d.family()).isEqualTo(MetricsFamily.SERVICE_GRAPH);
      assertThat(d.key()).isEqualTo(KEY);
      decoded.addAll(d.slots());
    }
    assertThat(decoded).isEqualTo(slots);
  }

  @Test
  void servicesRoundTripInRecordsOfAtMost500() {
    List<ServiceNode> nodes = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      nodes.add(new ServiceNode("svc-" + i, List.of("shop", "ns-" + i), 1_000L + i));
    }
    List<byte[]> records = DeltaCodec.encodeNodes(TENANT, nodes);

    assertThat(records).hasSize(2);
    List<ServiceNode> decoded = new ArrayList<>();
    for (byte[] record : records) {
      DeltaCodec.Decoded d = DeltaCodec.decode(record);
      assertThat(d.tenant()).isEqualTo(TENANT);
      assertThat(d.family()).isNull();
      decoded.addAll(d.nodes());
    }
    assertThat(decoded).isEqualTo(nodes);
    assertThatThrownBy(
            () ->
                decode(
                    "{\"v\":1,\"tenant\":\"a\",\"family\":\"servicegraph-nodes\",\"nodes\":[{}]}"))
        .hasMessageContaining("without a name");
  }

  @Test
  void whatIsNotARecordOfThisFormatIsRefusedSayingWhy() {
    assertThatThrownBy(() -> DeltaCodec.decode("{".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("not a metrics record");
    assertThatThrownBy(() -> decode("{\"v\":2}")).hasMessageContaining("version 2");
    assertThatThrownBy(() -> decode("{\"v\":1,\"tenant\":\"..\",\"family\":\"spanmetrics\"}"))
        .hasMessageContaining("tenant '..'");
    assertThatThrownBy(() -> decode("{\"v\":1,\"tenant\":\"a\",\"family\":\"logs\"}"))
        .hasMessageContaining("family 'logs'");
    assertThatThrownBy(
            () ->
                decode(
                    "{\"v\":1,\"tenant\":\"a\",\"family\":\"spanmetrics\",\"labels\":{},\"slots\":[]}"))
        .hasMessageContaining("0 slots");
    assertThatThrownBy(
            () ->
                decode(
                    "{\"v\":1,\"tenant\":\"a\",\"family\":\"spanmetrics\",\"labels\":{},"
                        + "\"slots\":[{\"start\":0,\"width\":15000,\"calls\":1}]}"))
        .hasMessageContaining("without its histogram");
    assertThatThrownBy(() -> DeltaCodec.decode(new byte[DeltaCodec.MAX_RECORD_BYTES + 1]))
        .hasMessageContaining("at most");
  }

  private static DeltaCodec.Decoded decode(String json) {
    return DeltaCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
