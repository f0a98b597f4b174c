package io.tracemate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void traceIdHexRoundTripsAndFollowsJaegersPrintingRule() {
    TraceId full = TraceId.fromHex("5B8EFFF798038103D269B633813FC60C");
    assertThat(full.toHex()).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(full.toJaegerHex()).isEqualTo(full.toHex());
    assertThat(TraceId.fromBytes(full.toBytes())).isEqualTo(full);

    TraceId short64 = TraceId.fromHex("d269b633813fc60c");
    assertThat(short64.high()).isZero();
    assertThat(short64.toJaegerHex()).isEqualTo("d269b633813fc60c");
    assertThat(short64.toHex()).isEqualTo("0000000000000000d269b633813fc60c");
    assertThat(TraceId.fromHex("abc")).isEqualTo(new TraceId(0, 0xabc));
    assertThat(TraceId.fromHex("1" + "0".repeat(16))).isEqualTo(new TraceId(1, 0));
  }

  @Test
  void invalidIdsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> TraceId.fromHex("")).hasMessageContaining("1 to 32");
    assertThatThrownBy(() -> TraceId.fromHex("x".repeat(33))).hasMessageContaining("got 33");
    assertThatThrownBy(() -> TraceId.fromHex("12g4")).hasMessageContaining("'g' at position 2");
    assertThatThrownBy(() -> TraceId.fromBytes(new byte[15])).hasMessageContaining("15");
    assertThatThrownBy(() -> SpanId.fromBytes(new byte[7])).hasMessageContaining("8 bytes");
    assertThat(new TraceId(0, 0).isValid()).isFalse();
    assertThat(SpanId.fromBytes(new byte[0])).isEqualTo(SpanId.NONE);
  }

  @Test
  void spanIdHexRoundTrips() {
    SpanId id = SpanId.fromHex("EEE19B7EC3C1B174");
    assertThat(id.toHex()).isEqualTo("eee19b7ec3c1b174");
    assertThat(SpanId.fromBytes(id.toBytes())).isEqualTo(id);
  }

  @Test
  void structuredValuesPrintAsJson() {
    AttributeValue nested =
        new AttributeValue.KeyValueList(
            List.of(
                Attribute.of("s", "a\"b\n"),
                Attribute.of("n", 3L),
                Attribute.of("d", Double.NaN),
                new Attribute(
                    "arr",
                    new AttributeValue.ArrayValue(
                        List.of(
                            AttributeValue.of(true),
                            new AttributeValue.BytesValue(new byte[] {1, 2}))))));
    assertThat(nested.asText())
        .isEqualTo("{\"s\":\"a\\\"b\\n\",\"n\":3,\"d\":\"NaN\",\"arr\":[true,\"AQI=\"]}");
    assertThat(new AttributeValue.BytesValue(new byte[] {1}))
        .isEqualTo(new AttributeValue.BytesValue(new byte[] {1}));
  }

  @Test
  void resourceWithoutServiceNameGetsJaegersPlaceholder() {
    assertThat(Resource.EMPTY.serviceName()).isEqualTo("OTLPResourceNoServiceName");
    assertThat(new Resource(List.of(Attribute.of("service.name", "cart")), 0).serviceName())
        .isEqualTo("cart");
  }
}
