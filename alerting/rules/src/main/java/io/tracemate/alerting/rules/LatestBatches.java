package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertSink;
import io.tracemate.common.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AlertSink} that keeps the latest batch of each group and sends nothing: what the server wires while no
 * notifier is configured, so the last evaluation of every group can be read back. Bounded by the number of groups
 * (a removed group's last batch stays until the tenant's next batch of that name or a restart). Thread-safe.
 */
public final class LatestBatches implements AlertSink {
  private record Key(TenantId tenant, String namespace, String group) {}

  private final Map<Key, AlertBatch> latest = new ConcurrentHashMap<>();

  @Override
  public void accept(AlertBatch batch) {
    latest.put(new Key(batch.tenant(), batch.namespace(), batch.group()), batch);
  }

  /** The latest batch of every group. */
  public List<AlertBatch> batches() {
    return List.copyOf(latest.values());
  }
}
