package io.tracemate.receivers.logs;

import io.tracemate.logs.model.LabelSet;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The active streams of each tenant, for Loki's stream limits: a stream is active from the push that created
 * it until it has gone {@code idlePeriod} without a push, as a stream lives in a Loki ingester until its idle
 * chunks are flushed ({@code chunk_idle_period}, 30m by default). A push may name a new stream only while the
 * tenant has fewer active streams than its limit; streams already active are always admitted.
 *
 * <p>Memory is bounded by the limit: a tenant never holds more than {@code limit} streams (about 70 bytes each
 * plus the labels, which the pushed stream already allocated). Per tenant, the streams are kept least recently
 * pushed first, so expiry removes from the front and costs only what it removes; tenants whose streams all
 * expired are forgotten by a sweep at most once per minute (or idle period, if shorter). Thread-safe: one lock
 * per tenant.
 */
final class ActiveStreams {
  private final long idleMillis;
  private final long sweepMillis;
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final AtomicLong nextSweepMillis = new AtomicLong(Long.MIN_VALUE);

  ActiveStreams(Duration idlePeriod) {
    this.idleMillis = idlePeriod.toMillis();
    this.sweepMillis = Math.max(1, Math.min(idleMillis, 60_000));
  }

  /**
   * Marks {@code labels} active at {@code nowMillis} if it is active already or the tenant has room for one more
   * stream.
   *
   * @param limit the most active streams the tenant may have (positive)
   * @return false when the stream is new and the tenant already has {@code limit} active streams
   */
  boolean admit(String tenant, LabelSet labels, long nowMillis, int limit) {
    long sweepDue = nextSweepMillis.get();
    if (nowMillis >= sweepDue && nextSweepMillis.compareAndSet(sweepDue, nowMillis + sweepMillis)) {
      sweep(nowMillis);
    }
    while (true) {
      Tenant streams = tenants.computeIfAbsent(tenant, t -> new Tenant());
      synchronized (streams) {
        if (streams.retired) {
          continue; // emptied and removed meanwhile: start over with the tenant's new entry
        }
        streams.expire(nowMillis - idleMillis);
        LastPush last = streams.lastPush.get(labels); // moves it to the back (access order)
        if (last != null) {
          last.millis = Math.max(last.millis, nowMillis);
          return true;
        }
        if (streams.lastPush.size() >= limit) {
          return false;
        }
        streams.lastPush.put(labels, new LastPush(nowMillis));
        return true;
      }
    }
  }

  /** The tenant's active streams at {@code nowMillis}. */
  int active(String tenant, long nowMillis) {
    Tenant streams = tenants.get(tenant);
    if (streams == null) {
      return 0;
    }
    synchronized (streams) {
      streams.expire(nowMillis - idleMillis);
      return streams.lastPush.size();
    }
  }

  /** Expires every tenant's idle streams and forgets tenants left without any. */
  private void sweep(long nowMillis) {
    for (Map.Entry<String, Tenant> entry : tenants.entrySet()) {
      Tenant streams = entry.getValue();
      synchronized (streams) {
        streams.expire(nowMillis - idleMillis);
        if (streams.lastPush.isEmpty() && !streams.retired) {
          streams.retired = true;
          tenants.remove(entry.getKey(), streams);
        }
      }
    }
  }

  /** Tenants remembered (with active streams, or idle since the last sweep); for tests. */
  int tenants() {
    return tenants.size();
  }

  private static final class LastPush {
    long millis;

    LastPush(long millis) {
      this.millis = millis;
    }
  }

  private static final class Tenant {
    /** Access order: least recently pushed first. */
    final LinkedHashMap<LabelSet, LastPush> lastPush = new LinkedHashMap<>(16, 0.75f, true);

    boolean retired;

    /** Removes the streams last pushed before {@code cutoffMillis}, from the front. */
    void expire(long cutoffMillis) {
      Iterator<LastPush> oldestFirst = lastPush.values().iterator();
      while (oldestFirst.hasNext()) {
        if (oldestFirst.next().millis >= cutoffMillis) {
          return;
        }
        oldestFirst.remove();
      }
    }
  }
}
