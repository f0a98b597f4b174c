package io.tracemate.sharedmetrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.red.SeriesDelta;
import io.tracemate.red.SeriesKey;
import io.tracemate.red.SlotDelta;
import io.tracemate.servicegraph.ServiceNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a series' slot deltas into records of the metrics topic and decodes them, refusing what is out of bounds
 * before it costs memory: a record of at most {@value #MAX_RECORD_BYTES} bytes, {@value #MAX_SLOTS} slots,
 * {@value #MAX_LABELS} labels. A series with more slots since the last export takes several records. Stateless.
 */
public final class DeltaCodec {
  /** The format's version. */
  public static final int VERSION = 1;

  /** What the topics Tracemate creates take (and its producers send): 64 slots of a series stay far below. */
  static final int MAX_RECORD_BYTES = 16 << 20;

  static final int MAX_SLOTS = 64;
  static final int MAX_LABELS = 64;
  static final int MAX_NODES = 500;
  private static final int MAX_NAMESPACES = 16;

  /** The family of records holding the service graph's services rather than a series. */
  public static final String NODES_FAMILY = "servicegraph-nodes";

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** A decoded record: a series' slot deltas (family, key, slots), or services (family null, nodes). */
  public record Decoded(
      TenantId tenant,
      MetricsFamily family,
      SeriesKey key,
      List<SlotDelta> slots,
      List<ServiceNode> nodes) {}

  private DeltaCodec() {}

  /** The record key: tenant, family and series, so a series' records share a partition. */
  public static byte[] key(TenantId tenant, MetricsFamily family, SeriesKey key) {
    return (tenant.value() + "\u0000" + family.wireName() + "\u0000" + key.labels())
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The record values of one series' deltas: one per {@value #MAX_SLOTS} slots. */
  public static List<byte[]> encode(TenantId tenant, MetricsFamily family, SeriesDelta delta) {
    List<byte[]> out = new ArrayList<>();
    List<SlotDelta> slots = delta.slots();
    for (int from = 0; from < slots.size(); from += MAX_SLOTS) {
      List<DeltaRecord.Slot> chunk = new ArrayList<>();
      for (SlotDelta slot : slots.subList(from, Math.min(slots.size(), from + MAX_SLOTS))) {
        chunk.add(
            new DeltaRecord.Slot(
                slot.startMillis(),
                slot.widthMillis(),
                slot.calls(),
                slot.errors(),
                slot.sumNanos(),
                slot.buckets(),
                slot.counts()));
      }
      try {
        out.add(
            JSON.writeValueAsBytes(
                new DeltaRecord(
                    VERSION,
                    tenant.value(),
                    family.wireName(),
                    new TreeMap<>(delta.key().labels()),
                    chunk,
                    null)));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The record key of a tenant's services. */
  public static byte[] nodesKey(TenantId tenant) {
    return (tenant.value() + "\u0000" + NODES_FAMILY).getBytes(StandardCharsets.UTF_8);
  }

  /** The record values of a tenant's changed services: one per {@value #MAX_NODES}. */
  public static List<byte[]> encodeNodes(TenantId tenant, List<ServiceNode> nodes) {
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < nodes.size(); from += MAX_NODES) {
      List<DeltaRecord.Node> chunk = new ArrayList<>();
      for (ServiceNode node : nodes.subList(from, Math.min(nodes.size(), from + MAX_NODES))) {
        chunk.add(new DeltaRecord.Node(node.name(), node.namespaces(), node.lastSeenEpochMillis()));
      }
      try {
        out.add(
            JSON.writeValueAsBytes(
                new DeltaRecord(VERSION, tenant.value(), NODES_FAMILY, null, null, chunk)));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException saying what is wrong: too large, not JSON of this format, another version, an
   *     invalid tenant, an unknown family, too many labels or slots, a slot without its histogram
   */
  public static Decoded decode(byte[] value) {
    if (value == null || value.length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "a metrics record of "
              + (value == null ? "no" : value.length)
              + " bytes (at most "
              + MAX_RECORD_BYTES
              + ")");
    }
    DeltaRecord record;
    try {
      record = JSON.readValue(value, DeltaRecord.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a metrics record: " + e.getMessage(), e);
    }
    if (record == null || record.version() != VERSION) {
      throw new IllegalArgumentException(
          "a metrics record of version "
              + (record == null ? "none" : record.version())
              + "; this reader knows version "
              + VERSION);
    }
    if (record.tenant() == null || !TenantId.isValid(record.tenant())) {
      throw new IllegalArgumentException("a metrics record with tenant '" + record.tenant() + "'");
    }
    if (NODES_FAMILY.equals(record.family())) {
      return new Decoded(
          TenantId.parse(record.tenant()), null, null, List.of(), nodes(record.nodes()));
    }
    MetricsFamily family = MetricsFamily.ofWireName(record.family());
    if (family == null) {
      throw new IllegalArgumentException("a metrics record of family '" + record.family() + "'");
    }
    Map<String, String> labels = record.labels();
    if (labels == null || labels.size() > MAX_LABELS) {
      throw new IllegalArgumentException(
          "a metrics record with "
              + (labels == null ? "no" : labels.size())
              + " labels (at most "
              + MAX_LABELS
              + ")");
    }
    List<DeltaRecord.Slot> slots = record.slots();
    if (slots == null || slots.isEmpty() || slots.size() > MAX_SLOTS) {
      throw new IllegalArgumentException(
          "a metrics record with "
              + (slots == null ? "no" : slots.size())
              + " slots (1 to "
              + MAX_SLOTS
              + ")");
    }
    List<SlotDelta> deltas = new ArrayList<>(slots.size());
    for (DeltaRecord.Slot slot : slots) {
      if (slot == null || slot.buckets() == null || slot.counts() == null) {
        throw new IllegalArgumentException("a metrics record with a slot without its histogram");
      }
      deltas.add(
          new SlotDelta(
              slot.start(),
              slot.width(),
              slot.calls(),
              slot.errors(),
              slot.sum(),
              slot.buckets(),
              slot.counts()));
    }
    SeriesKey key;
    try {
      key = new SeriesKey(new TreeMap<>(labels));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a metrics record with invalid labels: " + e.getMessage(), e);
    }
    return new Decoded(TenantId.parse(record.tenant()), family, key, deltas, List.of());
  }

  private static List<ServiceNode> nodes(List<DeltaRecord.Node> nodes) {
    if (nodes == null || nodes.isEmpty() || nodes.size() > MAX_NODES) {
      throw new IllegalArgumentException(
          "a services record with "
              + (nodes == null ? "no" : nodes.size())
              + " services (1 to "
              + MAX_NODES
              + ")");
    }
    List<ServiceNode> out = new ArrayList<>(nodes.size());
    for (DeltaRecord.Node node : nodes) {
      if (node == null
          || node.name() == null
          || node.namespaces() == null
          || node.namespaces().size() > MAX_NAMESPACES
          || node.namespaces().contains(null)) {
        throw new IllegalArgumentException(
            "a services record with a service without a name or with more than "
                + MAX_NAMESPACES
                + " namespaces");
      }
      out.add(new ServiceNode(node.name(), node.namespaces(), node.lastSeen()));
    }
    return out;
  }
}
