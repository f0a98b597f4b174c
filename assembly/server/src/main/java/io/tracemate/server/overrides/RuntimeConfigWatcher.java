package io.tracemate.server.overrides;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.receivers.TenantSpanRates;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.receivers.logs.TenantLogLimits;
import io.tracemate.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the runtime overrides file in force, as Loki's {@code runtime_config} does: read at start (a bad file is
 * then a start-up error), read again every {@code period} when its bytes changed, and swapped whole. A file that
 * does not load (unknown key, wrong type, bad value or tenant; the error names the file, key path and line) is
 * logged and leaves the previous overrides in force; {@code tracemate_runtime_config_last_reload_successful} says
 * 0 until a good file loads, {@code tracemate_runtime_config_last_reload_success_timestamp_seconds} when one last
 * did. Each change that loads, and each refused one, is told to the {@link Listener} (the audit log).
 *
 * <p>Thread-safe: readers see one whole version ({@link #current()}); one thread polls.
 */
public final class RuntimeConfigWatcher
    implements TenantLogLimits, TenantQueryLimits, TenantSpanRates, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RuntimeConfigWatcher.class);

  private final Path file;
  private final LogLimits configured;
  private final EngineLimits configuredQuery;
  private final Duration configuredLogRetention;
  private final Duration configuredSpanRetention;
  private final TailSamplingConfig configuredSampling; // null: the pipeline does not sample
  private final ConfigLoader loader = new ConfigLoader();
  private final Clock clock;
  private final Listener listener;
  private final ScheduledExecutorService poller;
  private final List<Runnable> changeActions = new CopyOnWriteArrayList<>();

  /**
   * The overrides in force and the limits computed from them (once per tenant and version, so the ingest and
   * query paths look them up without allocating), swapped together.
   */
  private record Version(
      RuntimeOverrides overrides,
      Map<String, LogLimits> logLimits,
      Map<TenantId, EngineLimits> queryLimits) {
    Version(RuntimeOverrides overrides) {
      this(overrides, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }

  private volatile Version version;
  private volatile byte[] loadedHash;
  private volatile boolean lastReloadSuccessful = true;
  private volatile double lastSuccessSeconds;

  /**
   * A change that loaded: the file, the overrides before and after, and per tenant whose limits changed the keys
   * whose values in force changed (sorted by tenant).
   */
  public record Change(
      Path file,
      RuntimeOverrides before,
      RuntimeOverrides after,
      Map<String, List<String>> changedKeys) {}

  /** Told of every change of the file that loaded, and every one that was refused (the audit log). */
  public interface Listener {
    void changed(Change change);

    /** @param problem what is wrong, naming the file, key path and line */
    void refused(Path file, String problem);

    Listener NONE =
        new Listener() {
          @Override
          public void changed(Change change) {}

          @Override
          public void refused(Path file, String problem) {}
        };
  }

  /**
   * Reads the file once (throwing when it does not load) and polls it every {@code period}.
   *
   * @param configured the log limits of the configuration, which each tenant's overrides change
   * @param configuredQuery the query limits of the configuration, which each tenant's overrides change
   * @param configuredLogRetention {@code logs.retention}, which {@code retention_period} overrides
   * @param configuredSpanRetention {@code storage.retention}, which {@code block_retention} overrides
   * @param configuredSampling the pipeline's {@code tail_sampling} block, which a tenant's own replaces; null when
   *     the pipeline does not sample, and then a file that gives a tenant a block is refused (it would never apply)
   * @throws IllegalArgumentException naming the file, key path and line when the file does not load
   */
  public RuntimeConfigWatcher(
      Path file,
      Duration period,
      LogLimits configured,
      EngineLimits configuredQuery,
      Duration configuredLogRetention,
      Duration configuredSpanRetention,
      TailSamplingConfig configuredSampling,
      Clock clock,
      Listener listener) {
    this.file = file;
    this.configured = configured;
    this.configuredQuery = configuredQuery;
    this.configuredLogRetention = configuredLogRetention;
    this.configuredSpanRetention = configuredSpanRetention;
    this.configuredSampling = configuredSampling;
    this.clock = clock;
    this.listener = listener;
    byte[] bytes = read();
    this.version = new Version(load());
    this.loadedHash = sha256(bytes);
    this.lastSuccessSeconds = clock.millis() / 1000.0;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "runtime-config");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, period.toMillis());
    poller.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The overrides in force. */
  public RuntimeOverrides current() {
    return version.overrides();
  }

  /** Whether the last read of the file loaded (or found it unchanged). */
  public boolean lastReloadSuccessful() {
    return lastReloadSuccessful;
  }

  /** The configured log limits with the tenant's overrides; computed once per tenant and version. */
  @Override
  public LogLimits forTenant(String tenant) {
    Version in = version;
    if (!in.overrides().overrides().containsKey(tenant)) {
      return configured;
    }
    // Bounded by the tenants the file names.
    return in.logLimits()
        .computeIfAbsent(tenant, t -> in.overrides().logLimits(t).applyTo(configured));
  }

  /** The configured query limits with the tenant's overrides; computed once per tenant and version. */
  @Override
  public EngineLimits forTenant(TenantId tenant) {
    Version in = version;
    if (!in.overrides().overrides().containsKey(tenant.value())) {
      return configuredQuery;
    }
    // Bounded by the tenants the file names.
    return in.queryLimits()
        .computeIfAbsent(
            tenant, t -> in.overrides().queryLimits(t.value()).applyTo(configuredQuery));
  }

  /** The tenant's span ingest rate, or null (no limit); one map lookup. */
  @Override
  public SpanRate spanRate(String tenant) {
    TenantOverrides overrides = version.overrides().overrides().get(tenant);
    return overrides == null ? null : overrides.spanRate();
  }

  /**
   * The tenant's {@code metrics_generator_max_active_series}, or 0 when it has none (the configured bounds); one map
   * lookup. Asked when a tenant's pipeline state is made and when the overrides change ({@link #onChange}).
   */
  public int maxActiveSeries(TenantId tenant) {
    TenantOverrides overrides = version.overrides().overrides().get(tenant.value());
    return overrides == null ? 0 : overrides.maxActiveSeries();
  }

  /**
   * The {@code tail_sampling} settings the tenant's new traces are decided with: its own block, else the pipeline's
   * (null when the pipeline does not sample); one map lookup. Asked when a tenant's sampler is made and at its next
   * batch after a change ({@link #onChange}).
   */
  public TailSamplingConfig tailSampling(TenantId tenant) {
    TenantOverrides overrides = version.overrides().overrides().get(tenant.value());
    return overrides == null || overrides.tailSampling() == null
        ? configuredSampling
        : overrides.tailSampling();
  }

  /**
   * Runs {@code action} on the polling thread after each change of the file that loaded, once the new overrides are
   * in force (after the {@link Listener}): how the pipeline's per-tenant state learns of new bounds and policies.
   * A change before the call is not told; whoever registers reads the overrides in force from then on anyway.
   */
  public void onChange(Runnable action) {
    changeActions.add(action);
  }

  /**
   * What the next log retention run keeps: {@code logs.retention} for every tenant but those with their own
   * {@code retention_period} (Loki's 0: kept forever), measured back from {@code now}.
   */
  public RetentionPolicy logRetention(Instant now) {
    return retention(now, configuredLogRetention, TenantOverrides::logRetention);
  }

  /**
   * What the next span retention run keeps: {@code storage.retention} for every tenant but those with their own
   * {@code block_retention}, measured back from {@code now}.
   */
  public RetentionPolicy spanRetention(Instant now) {
    return retention(now, configuredSpanRetention, TenantOverrides::spanRetention);
  }

  private RetentionPolicy retention(
      Instant now, Duration configuredRetention, Function<TenantOverrides, Duration> own) {
    Map<TenantId, Instant> cutoffs = new HashMap<>();
    version
        .overrides()
        .overrides()
        .forEach(
            (tenant, overrides) -> {
              Duration retention = own.apply(overrides);
              if (retention != null) {
                cutoffs.put(TenantId.parse(tenant), cutoff(now, retention));
              }
            });
    return new RetentionPolicy(cutoff(now, configuredRetention), cutoffs);
  }

  private static Instant cutoff(Instant now, Duration retention) {
    return retention.equals(TenantOverrides.KEEP_FOREVER) ? Instant.MIN : now.minus(retention);
  }

  /** Reads the file now if it changed; false when it did not load (the previous overrides stay). */
  public boolean reload() {
    byte[] bytes;
    try {
      bytes = read();
    } catch (IllegalArgumentException e) {
      return failed(e);
    }
    byte[] hash = sha256(bytes);
    if (Arrays.equals(hash, loadedHash)) {
      lastReloadSuccessful = true;
      return true;
    }
    RuntimeOverrides loaded;
    try {
      loaded = load();
    } catch (IllegalArgumentException e) {
      return failed(e);
    }
    RuntimeOverrides before = version.overrides();
    Map<String, List<String>> changedKeys = changedKeys(before, loaded);
    version = new Version(loaded);
    loadedHash = hash;
    lastReloadSuccessful = true;
    lastSuccessSeconds = clock.millis() / 1000.0;
    log.info("runtime overrides reloaded from {}: {} tenant(s)", file, loaded.overrides().size());
    listener.changed(new Change(file, before, loaded, changedKeys));
    for (Runnable action : changeActions) {
      action.run();
    }
    return true;
  }

  /**
   * Reads the file; Loki's keys we do not implement are skipped with one warning naming them, any other unknown
   * key refuses the file.
   */
  private RuntimeOverrides load() {
    LokiOnlyKeys lokiOnly = new LokiOnlyKeys();
    RuntimeOverrides loaded =
        loader.load(file, RuntimeOverrides.class, RuntimeOverrides.NONE, lokiOnly);
    if (configuredSampling == null) {
      loaded
          .overrides()
          .forEach(
              (tenant, own) -> {
                if (own.tailSampling() != null) {
                  throw new IllegalArgumentException(
                      "config "
                          + file
                          + " at overrides."
                          + tenant
                          + ".tail_sampling: the pipeline has no tail_sampling processor, so no"
                          + " tenant's traces are sampled; add one as the last of pipeline.processors"
                          + " (with an always_sample policy, the tenants without a block of their own"
                          + " keep every trace)");
                }
              });
    }
    String ignored = lokiOnly.describe();
    if (!ignored.isEmpty()) {
      log.warn(
          "runtime overrides {}: Loki keys Tracemate does not implement are ignored: {}",
          file,
          ignored);
    }
    return loaded;
  }

  private boolean failed(IllegalArgumentException e) {
    if (lastReloadSuccessful) {
      log.error(
          "runtime overrides not reloaded; the previous ones stay in force: {}", e.getMessage());
      listener.refused(file, e.getMessage()); // once per bad version, not every period
    }
    lastReloadSuccessful = false;
    return false;
  }

  /** The limits in force for {@code tenant} under {@code overrides}, by the file's key names. */
  private Map<String, Object> effective(RuntimeOverrides overrides, String tenant) {
    TenantOverrides own = overrides.tenant(tenant);
    return EffectiveLimits.of(
        own.logs().applyTo(configured),
        own.query().applyTo(configuredQuery),
        own.spanRate(),
        own.logRetention() == null ? configuredLogRetention : own.logRetention(),
        own.spanRetention() == null ? configuredSpanRetention : own.spanRetention(),
        own.maxActiveSeries(),
        own.tailSampling() == null ? configuredSampling : own.tailSampling());
  }

  /** Per tenant named by either version, the keys whose values in force differ between them. */
  private Map<String, List<String>> changedKeys(RuntimeOverrides before, RuntimeOverrides after) {
    TreeSet<String> tenants = new TreeSet<>(before.overrides().keySet());
    tenants.addAll(after.overrides().keySet());
    Map<String, List<String>> changed = new TreeMap<>();
    for (String tenant : tenants) {
      Map<String, Object> keys =
          EffectiveLimits.diff(effective(after, tenant), effective(before, tenant));
      if (!keys.isEmpty()) {
        changed.put(tenant, List.copyOf(keys.keySet()));
      }
    }
    return changed;
  }

  /** The configured limits, by the file's key names (what a tenant without overrides gets). */
  public Map<String, Object> defaults() {
    return effective(RuntimeOverrides.NONE, TenantId.DEFAULT.value());
  }

  /**
   * The limits in force for every tenant the file names, as Loki's {@code /runtime_config} shows them: every key,
   * or with {@code diffOnly} only those that differ from the configured defaults.
   */
  public Map<String, Map<String, Object>> effectiveByTenant(boolean diffOnly) {
    RuntimeOverrides in = version.overrides();
    Map<String, Object> defaults = defaults();
    Map<String, Map<String, Object>> byTenant = new TreeMap<>();
    for (String tenant : in.overrides().keySet()) {
      Map<String, Object> values = effective(in, tenant);
      byTenant.put(tenant, diffOnly ? EffectiveLimits.diff(values, defaults) : values);
    }
    return byTenant;
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.error("runtime overrides check failed", e);
    }
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read runtime overrides " + file + ": " + e.getMessage(), e);
    }
  }

  /** Registers the reload gauges (Loki's names under our prefix). */
  public void register(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("tracemate_runtime_config_last_reload_successful")
        .help("Whether the last read of the runtime overrides file loaded (1) or was refused (0)")
        .callback(cb -> cb.call(lastReloadSuccessful ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_runtime_config_last_reload_success_timestamp_seconds")
        .help("When the runtime overrides file last loaded, Unix seconds")
        .callback(cb -> cb.call(lastSuccessSeconds))
        .register(registry);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
