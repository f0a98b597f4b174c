package io.tracemate.spanmetrics;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.red.SeriesKey;
import io.tracemate.spanmetrics.config.InstancesConfig;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The internal series of each service's entry spans (SERVER, CONSUMER) per instance, keyed
 * {@code {service, span_kind, instance}}: the instance is the first of the configured resource attributes the
 * span's resource has (a pod name, a service.instance.id, a host). These keys have no span_name, so
 * {@link RedFilter} never counts them twice in a service's or an operation's RED.
 *
 * <p>Bounded: at most {@code max_per_service} instances per service and, over all services, as many as the RED
 * store keeps series; an instance without spans for {@link #FORGET_AFTER_MILLIS} leaves its place to a new one
 * (pods come and go with every deploy), looked for at most once a {@link #SWEEP_EVERY_MILLIS} per service, and
 * over all services when the total is reached. Beyond the bounds a span counts under {@code __other__}, or under
 * no instance when even its service is new (counted in {@link #replaced()}). The keys are built once per
 * instance, and the instance of the last resource looked at is kept: a batch's spans share their resource
 * object, so most spans cost a comparison, not a lookup.
 *
 * <p>Thread-safe: called from the ingest threads.
 */
final class InstanceSeries {
  /** An instance idle this long may be replaced by a new one. */
  static final long FORGET_AFTER_MILLIS = 3_600_000;

  static final long SWEEP_EVERY_MILLIS = 60_000;

  /** Last-seen times are updated at this granularity, not on every span. */
  private static final long TOUCH_MILLIS = 10_000;

  private final List<String> attributes;
  private final int maxPerService;
  private final int maxTotal;
  private final ConcurrentHashMap<String, ServiceInstances> services = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicLong nextGlobalSweep = new AtomicLong(Long.MIN_VALUE);
  private final LongAdder replaced = new LongAdder();

  /**
   * The instance of the last resource looked at: a batch's spans share their resource object, so most spans skip
   * the attribute and map lookups. Racy on purpose (immutable, read and replaced whole).
   */
  private volatile ResolvedResource lastResource = new ResolvedResource(null, null, null);

  /**
   * A resource, its instance name (null: it names none) and, once admitted, its instance (null while it is not
   * one of the kept instances: beyond a bound each span is counted, so it takes the lookup).
   */
  private record ResolvedResource(Resource resource, String name, Instance instance) {}

  /**
   * @param maxTotal instances over all services (the RED store's series bound: more could not be kept anyway)
   */
  InstanceSeries(InstancesConfig config, int maxTotal) {
    this.attributes = config.attributes();
    this.maxPerService = config.maxPerService();
    this.maxTotal = maxTotal;
  }

  /** The instance series to record the span in, or null when it is not an entry span or names no instance. */
  SeriesKey keyFor(Span span, long nowMillis) {
    SpanKind kind = span.kind();
    if (kind != SpanKind.SERVER && kind != SpanKind.CONSUMER) {
      return null;
    }
    ResolvedResource resolved = lastResource;
    if (resolved.resource() != span.resource()) {
      resolved = new ResolvedResource(span.resource(), instanceName(span.resource()), null);
      lastResource = resolved;
    }
    if (resolved.name() == null) {
      return null;
    }
    Instance instance = resolved.instance();
    if (instance == null || instance.forgotten) {
      instance = lookUp(span.serviceName(), resolved.name(), nowMillis);
      if (instance == null) {
        return null;
      }
      if (instance.kept) {
        lastResource = new ResolvedResource(resolved.resource(), resolved.name(), instance);
      }
    }
    if (nowMillis - instance.lastSeen > TOUCH_MILLIS) {
      instance.lastSeen = nowMillis;
    }
    return kind == SpanKind.SERVER ? instance.server : instance.consumer;
  }

  /** The service's instance of that name, admitted now if there is room; null when the service has no room. */
  private Instance lookUp(String service, String name, long nowMillis) {
    ServiceInstances instances = services.get(service);
    if (instances == null) {
      if (total.get() >= maxTotal && !sweepAll(nowMillis)) {
        replaced.increment();
        return null;
      }
      instances = services.computeIfAbsent(service, ServiceInstances::new);
    }
    return instances.get(name, nowMillis);
  }

  private String instanceName(Resource resource) {
    List<Attribute> resourceAttributes = resource.attributes();
    for (String attribute : attributes) {
      AttributeValue value = Attribute.find(resourceAttributes, attribute);
      if (value != null) {
        String text = value.asText();
        if (text != null && !text.isEmpty()) {
          return text;
        }
      }
    }
    return null;
  }

  /** Drops idle instances of every service (at most once a minute); true when room was made. */
  private boolean sweepAll(long nowMillis) {
    long due = nextGlobalSweep.get();
    if (nowMillis < due || !nextGlobalSweep.compareAndSet(due, nowMillis + SWEEP_EVERY_MILLIS)) {
      return false;
    }
    for (Iterator<Map.Entry<String, ServiceInstances>> it = services.entrySet().iterator();
        it.hasNext(); ) {
      ServiceInstances instances = it.next().getValue();
      synchronized (instances) {
        instances.forgetIdle(nowMillis);
        if (instances.byName.isEmpty()) {
          instances.retired = true;
          it.remove();
        }
      }
    }
    return total.get() < maxTotal;
  }

  /** Spans counted under {@code __other__} or under no instance because a bound was reached. */
  long replaced() {
    return replaced.sum();
  }

  /** Instances kept now, over all services. */
  int instances() {
    return total.get();
  }

  private static final class Instance {
    final SeriesKey server;
    final SeriesKey consumer;
    volatile long lastSeen;

    /** Dropped by a sweep (or its whole service retired): a span must look its instance up again. */
    volatile boolean forgotten;

    /** False for a service's {@code __other__}: each span counted there is counted as replaced. */
    final boolean kept;

    Instance(String service, String name, long nowMillis, boolean kept) {
      server = key(service, SpanKind.SERVER, name);
      consumer = key(service, SpanKind.CONSUMER, name);
      lastSeen = nowMillis;
      this.kept = kept;
    }

    static SeriesKey key(String service, SpanKind kind, String name) {
      return SeriesKey.of(
          RedLabels.SERVICE, service, RedLabels.SPAN_KIND, kind.name(), RedLabels.INSTANCE, name);
    }
  }

  /** One service's instances; admissions and sweeps under its lock, lookups without. */
  private final class ServiceInstances {
    final String service;
    final ConcurrentHashMap<String, Instance> byName = new ConcurrentHashMap<>();
    final Instance other;
    long nextSweep = Long.MIN_VALUE;

    /** Dropped from the map by a sweep: a thread still holding it must not admit into it. */
    boolean retired;

    ServiceInstances(String service) {
      this.service = service;
      this.other = new Instance(service, DimensionValueLimiter.OTHER, 0, false);
    }

    Instance get(String name, long nowMillis) {
      Instance known = byName.get(name);
      return known != null ? known : admit(name, nowMillis);
    }

    private synchronized Instance admit(String name, long nowMillis) {
      Instance known = byName.get(name);
      if (known != null) {
        return known;
      }
      if (retired) {
        replaced.increment();
        return other; // a race with a global sweep: once, then the next span finds the service anew
      }
      if ((byName.size() >= maxPerService || total.get() >= maxTotal) && nowMillis >= nextSweep) {
        nextSweep = nowMillis + SWEEP_EVERY_MILLIS;
        forgetIdle(nowMillis);
      }
      if (byName.size() >= maxPerService || total.incrementAndGet() > maxTotal) {
        if (byName.size() < maxPerService) {
          total.decrementAndGet();
        }
        replaced.increment();
        return other;
      }
      Instance created = new Instance(service, name, nowMillis, true);
      byName.put(name, created);
      return created;
    }

    /** Under this object's lock. */
    void forgetIdle(long nowMillis) {
      byName
          .values()
          .removeIf(
              instance -> {
                boolean idle = nowMillis - instance.lastSeen > FORGET_AFTER_MILLIS;
                if (idle) {
                  instance.forgotten = true;
                  total.decrementAndGet();
                }
                return idle;
              });
    }
  }
}
