package io.tracemate.alerting.notify;

import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.common.tenant.TenantId;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The evaluations waiting for the notifier, bounded. A batch holds its rule group's whole state, so when the
 * queue is full the oldest batch of the same group is the one to drop (its successor says everything it said);
 * only when no batch of that group waits is the oldest of all dropped. Thread-safe (synchronized; offers and polls
 * are short).
 */
final class BatchQueue {
  private record GroupKey(TenantId tenant, String namespace, String group) {
    static GroupKey of(AlertBatch batch) {
      return new GroupKey(batch.tenant(), batch.namespace(), batch.group());
    }
  }

  private final int capacity;
  private final ArrayDeque<AlertBatch> batches = new ArrayDeque<>();

  BatchQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds {@code batch}; returns whether another batch was dropped for it. */
  synchronized boolean offer(AlertBatch batch) {
    boolean dropped = false;
    if (batches.size() >= capacity) {
      dropOldest(GroupKey.of(batch));
      dropped = true;
    }
    batches.addLast(batch);
    return dropped;
  }

  private void dropOldest(GroupKey key) {
    for (Iterator<AlertBatch> it = batches.iterator(); it.hasNext(); ) {
      if (GroupKey.of(it.next()).equals(key)) {
        it.remove();
        return;
      }
    }
    batches.removeFirst();
  }

  /** The oldest batch, or null. */
  synchronized AlertBatch poll() {
    return batches.pollFirst();
  }

  synchronized int size() {
    return batches.size();
  }

  int capacity() {
    return capacity;
  }
}
