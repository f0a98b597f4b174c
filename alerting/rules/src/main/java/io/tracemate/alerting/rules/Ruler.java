package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertSink;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.ExemplarSource;
import io.tracemate.promql.engine.SeriesSource;
import io.tracemate.querysupport.ParseLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ruler: every tenant's rule groups, from the rule directory and the ruler APIs, evaluated on their intervals,
 * their alerts handed to the {@link AlertSink} after every group evaluation, their state kept across restarts.
 *
 * <h2>Scheduling</h2>
 * One timer thread ticks each group on its interval (ticks aligned to multiples of the interval, offset per group so
 * that groups spread out); a tick hands the evaluation to the group's tenant queue, which runs the tenant's groups
 * one at a time on a pool of {@link RulerSettings#threads()} threads. A tick that finds the group's previous
 * evaluation still queued or running is skipped and counted ({@code tracemate_rule_group_iterations_missed_total}).
 *
 * <h2>Changes</h2>
 * Setting or deleting a group through the API stores the namespace durably first, then replaces the running
 * groups; a group that keeps its name keeps its alerts' state (as Prometheus' reload does). The rule directory is
 * read again every {@link RulerSettings#pollInterval()}.
 *
 * <p>Thread-safe: API calls are serialised by this object's lock; evaluations run on the pool.
 */
public final class Ruler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ruler.class);

  private final RulerSettings settings;
  private final RuleQueries queries;
  private final RecordedSeries recorded;
  private final AlertSink sink;
  private final Clock clock;
  private final RulerMetrics metrics;
  private final RuleGroupParser parser;
  private final RuleStore store;
  private final AlertStateStore stateStore;
  private final RuleTemplates templates;
  private final Cancellation stopping = Cancellation.none();
  private final Map<TenantId, SerialExecutor> tenantQueues = new ConcurrentHashMap<>();

  /** Tenant → namespace → running namespace. Guarded by this. */
  private final Map<TenantId, Map<String, RunningNamespace>> tenants = new TreeMap<>();

  /** Saved state not yet claimed by a group (restored when a group of that name appears). */
  private final Map<TenantId, Map<String, Map<String, List<ActiveAlert>>>> savedState =
      new ConcurrentHashMap<>();

  /** Recorded series silent past their retention are forgotten at most this often (a scan of them all). */
  private static final long PRUNE_EVERY_MILLIS = 60_000;

  /** Longest namespace the API stores. */
  static final int MAX_NAMESPACE_BYTES = 80;

  private volatile long lastPrune;
  private ScheduledExecutorService ticker;
  private ExecutorService pool;

  /** Without exemplars: PromQL alerts carry no trace IDs unless their rule has an {@code evidence} query. */
  public Ruler(
      RulerSettings settings,
      Function<TenantScope, SeriesSource> metricSeries,
      EngineSettings promqlSettings,
      LogQLEngine logql,
      AlertSink sink,
      Clock clock,
      RulerMetrics metrics) {
    this(
        settings,
        metricSeries,
        scope -> ExemplarSource.NONE,
        promqlSettings,
        logql,
        sink,
        clock,
        metrics);
  }

  /**
   * @param metricSeries the metric series a scope reads (span metrics, service graph), without recorded series
   * @param exemplars the span metrics' exemplars a scope reads: the trace IDs of PromQL alerts' evidence
   * @param promqlSettings the Prometheus API's limits and time-out, for PromQL rules
   * @param logql the Loki API's engine, for LogQL rules; null when logs are off
   * @param sink receives every group evaluation's alerts; must not block
   */
  public Ruler(
      RulerSettings settings,
      Function<TenantScope, SeriesSource> metricSeries,
      Function<TenantScope, ExemplarSource> exemplars,
      EngineSettings promqlSettings,
      LogQLEngine logql,
      AlertSink sink,
      Clock clock,
      RulerMetrics metrics) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.recorded =
        new RecordedSeries(settings.recordedSeriesRetention(), settings.maxRecordedSeries());
    this.queries =
        new RuleQueries(
            metricSeries,
            exemplars,
            recorded,
            promqlSettings,
            logql,
            settings.evidenceLines(),
            settings.evidenceTraceIds(),
            settings.externalUrl());
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.parser =
        new RuleGroupParser(
            promqlSettings.parseLimits(),
            logql == null ? ParseLimits.DEFAULTS : logql.limits().parseLimits(),
            settings.maxRulesPerGroup(),
            RuleLanguage.LOGQL);
    this.store =
        new RuleStore(settings.rulesDirectory(), settings.dataDirectory().resolve("rules"), parser);
    this.stateStore = new AlertStateStore(settings.dataDirectory().resolve("rules-state"));
    this.templates = new RuleTemplates(settings.externalLabels(), settings.externalUrl());
  }

  /** A namespace while it runs: its groups and their schedules. */
  private static final class RunningNamespace {
    final RuleStore.Namespace namespace;
    final List<ScheduledGroup> groups = new ArrayList<>();

    RunningNamespace(RuleStore.Namespace namespace) {
      this.namespace = namespace;
    }
  }

  /** One group and its schedule. */
  private static final class ScheduledGroup {
    final GroupRuntime runtime;
    final AtomicBoolean queued = new AtomicBoolean();
    volatile boolean retired;
    ScheduledFuture<?> schedule;

    ScheduledGroup(GroupRuntime runtime) {
      this.runtime = runtime;
    }
  }

  /** Parses rule bodies as this ruler validates them. */
  public RuleGroupParser parser() {
    return parser;
  }

  /** The series PromQL over {@code scope} reads: the metric series and the scope's recorded series. */
  public SeriesSource seriesFor(TenantScope scope) {
    return queries.seriesFor(scope);
  }

  /** What recording rules write, per tenant. */
  public RecordedSeries recordedSeries() {
    return recorded;
  }

  /** Loads the rules and the saved alert state, without scheduling anything (tests drive {@link #evaluateAll}). */
  public synchronized void load() {
    Map<TenantId, Map<String, RuleStore.Namespace>> loaded;
    try {
      loaded = store.loadAll();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rules: " + e.getMessage(), e);
    }
    for (TenantId tenant : loaded.keySet()) {
      savedState.put(tenant, new ConcurrentHashMap<>(stateStore.load(tenant)));
    }
    loaded.forEach((tenant, namespaces) -> namespaces.values().forEach(ns -> replace(tenant, ns)));
  }

  /** Loads, then evaluates every group on its interval until closed. */
  public synchronized void start() {
    pool =
        Executors.newFixedThreadPool(
            settings.threads(),
            r -> Thread.ofPlatform().name("ruler-", 0).daemon(true).unstarted(r));
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("ruler-ticks").daemon(true).unstarted(r));
    load();
    if (settings.rulesDirectory() != null) {
      long poll = settings.pollInterval().toMillis();
      ticker.scheduleWithFixedDelay(this::pollRulesDirectory, poll, poll, TimeUnit.MILLISECONDS);
    }
  }

  /** Evaluates every group once, now, on the calling thread, tenant by tenant (for tests and the bench). */
  public void evaluateAll() {
    List<ScheduledGroup> groups;
    synchronized (this) {
      groups = new ArrayList<>();
      tenants.values().forEach(ns -> ns.values().forEach(r -> groups.addAll(r.groups)));
    }
    for (ScheduledGroup group : groups) {
      evaluate(group);
    }
  }

  private void evaluate(ScheduledGroup group) {
    if (group.retired) {
      return;
    }
    GroupRuntime runtime = group.runtime;
    AlertBatch batch;
    try {
      batch = runtime.evaluate(clock.instant(), queries, stopping);
    } catch (CancelledException e) {
      return;
    }
    try {
      sink.accept(batch);
    } catch (RuntimeException e) {
      log.warn(
          "The alert sink failed on group {} of tenant {}",
          runtime.metricGroup(),
          runtime.tenant(),
          e);
    }
    stateStore.save(runtime.tenant(), runtime);
    long now = clock.millis();
    if (now - lastPrune > PRUNE_EVERY_MILLIS) {
      lastPrune = now;
      recorded.prune(now);
    }
  }

  private synchronized List<GroupRuntime> groupsOf(TenantId tenant) {
    List<GroupRuntime> out = new ArrayList<>();
    Map<String, RunningNamespace> namespaces = tenants.get(tenant);
    if (namespaces != null) {
      namespaces.values().forEach(ns -> ns.groups.forEach(g -> out.add(g.runtime)));
    }
    return out;
  }

  /** Runs {@code namespace} in place of the tenant's namespace of that name (none: removes it). Holds the lock. */
  private void replace(TenantId tenant, RuleStore.Namespace namespace) {
    String name = namespace.name();
    Map<String, RunningNamespace> namespaces =
        tenants.computeIfAbsent(tenant, t -> new TreeMap<>());
    RunningNamespace old = namespaces.remove(name);
    Map<String, Map<String, List<ActiveAlert>>> state = new LinkedHashMap<>();
    if (old != null) {
      for (ScheduledGroup group : old.groups) {
        group.retired = true;
        if (group.schedule != null) {
          group.schedule.cancel(false);
        }
        state.put(group.runtime.group().name(), group.runtime.alertState());
        metrics.groupRemoved(tenant.value(), group.runtime.metricGroup());
      }
    }
    if (namespace.groups().isEmpty()) {
      if (namespaces.isEmpty()) {
        tenants.remove(tenant);
      }
      return;
    }
    RunningNamespace running = new RunningNamespace(namespace);
    Map<String, Map<String, List<ActiveAlert>>> saved =
        savedState.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
    for (RuleGroup group : namespace.groups()) {
      GroupRuntime runtime =
          new GroupRuntime(
              tenant,
              name,
              group,
              settings.evaluationInterval(),
              settings.evaluationDelay(),
              templates,
              metrics);
      Map<String, List<ActiveAlert>> previous = state.get(group.name());
      if (previous == null) {
        previous = saved.remove(AlertStateStore.key(name, group.name()));
      }
      if (previous != null) {
        runtime.restore(previous);
      }
      ScheduledGroup scheduled = new ScheduledGroup(runtime);
      running.groups.add(scheduled);
      schedule(scheduled);
    }
    namespaces.put(name, running);
  }

  private void schedule(ScheduledGroup group) {
    if (ticker == null) {
      return;
    }
    long interval = group.runtime.interval().toMillis();
    long offset =
        Math.floorMod(
            (group.runtime.tenant().value() + ";" + group.runtime.metricGroup()).hashCode(),
            interval);
    long now = clock.millis();
    long next = now - Math.floorMod(now, interval) + offset;
    if (next <= now) {
      next += interval;
    }
    SerialExecutor queue =
        tenantQueues.computeIfAbsent(group.runtime.tenant(), t -> new SerialExecutor(pool));
    group.schedule =
        ticker.scheduleAtFixedRate(
            () -> tick(group, queue), next - now, interval, TimeUnit.MILLISECONDS);
  }

  private void tick(ScheduledGroup group, SerialExecutor queue) {
    String tenant = group.runtime.tenant().value();
    metrics.iterations.labelValues(tenant, group.runtime.metricGroup()).inc();
    if (!group.queued.compareAndSet(false, true)) {
      metrics.iterationsMissed.labelValues(tenant, group.runtime.metricGroup()).inc();
      return;
    }
    queue.execute(
        () -> {
          try {
            evaluate(group);
          } finally {
            group.queued.set(false);
          }
        });
  }

  /** Reads the rule directory again now (what the poll does every poll interval). */
  void pollRulesDirectory() {
    try {
      Map<TenantId, Map<String, RuleStore.Namespace>> loaded = store.loadAll();
      synchronized (this) {
        // Namespaces of the rule directory that changed or went away; API namespaces are the API's
        // business.
        for (var tenant : new ArrayList<>(tenants.keySet())) {
          for (RunningNamespace running : new ArrayList<>(tenants.get(tenant).values())) {
            RuleStore.Namespace now =
                loaded.getOrDefault(tenant, Map.of()).get(running.namespace.name());
            if (running.namespace.readOnly() && (now == null || !now.readOnly())) {
              replace(tenant, new RuleStore.Namespace(running.namespace.name(), List.of(), true));
            }
          }
        }
        loaded.forEach(
            (tenant, namespaces) ->
                namespaces.values().stream()
                    .filter(RuleStore.Namespace::readOnly)
                    .forEach(
                        ns -> {
                          RunningNamespace running =
                              tenants.getOrDefault(tenant, Map.of()).get(ns.name());
                          if (running == null || !running.namespace.groups().equals(ns.groups())) {
                            replace(tenant, ns);
                          }
                        }));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not read the rule directory {}: {}", settings.rulesDirectory(), e.toString());
    }
  }

  // ---- the ruler APIs ----

  /** The tenant's namespaces and their groups, sorted by namespace. */
  public synchronized Map<String, List<RuleGroup>> namespaces(TenantId tenant) {
    Map<String, List<RuleGroup>> out = new LinkedHashMap<>();
    tenants
        .getOrDefault(tenant, Map.of())
        .forEach((name, ns) -> out.put(name, ns.namespace.groups()));
    return out;
  }

  /** One namespace's groups. */
  public synchronized Optional<List<RuleGroup>> namespace(TenantId tenant, String namespace) {
    RunningNamespace running = tenants.getOrDefault(tenant, Map.of()).get(namespace);
    return running == null ? Optional.empty() : Optional.of(running.namespace.groups());
  }

  /** One group. */
  public synchronized Optional<RuleGroup> group(TenantId tenant, String namespace, String group) {
    return namespace(tenant, namespace)
        .flatMap(groups -> groups.stream().filter(g -> g.name().equals(group)).findFirst());
  }

  /**
   * Creates or replaces (by name) one group of a namespace, stored durably before it runs.
   *
   * @throws RuleFormatException when the namespace is read-only or the tenant would have too many groups
   */
  public synchronized void setGroup(TenantId tenant, String namespace, RuleGroup group) {
    if (namespace.isEmpty()
        || namespace.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            > MAX_NAMESPACE_BYTES) {
      // A namespace is a file name (escaped, up to three bytes each): keep it within what file
      // systems allow.
      throw new RuleFormatException(
          List.of(
              "a namespace must have 1 to "
                  + MAX_NAMESPACE_BYTES
                  + " bytes, got "
                  + namespace.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }
    RunningNamespace running = tenants.getOrDefault(tenant, Map.of()).get(namespace);
    checkWritable(running, namespace);
    List<RuleGroup> groups =
        new ArrayList<>(running == null ? List.of() : running.namespace.groups());
    boolean replaced = false;
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i).name().equals(group.name())) {
        groups.set(i, group);
        replaced = true;
      }
    }
    if (!replaced) {
      int count = 0;
      for (RunningNamespace ns : tenants.getOrDefault(tenant, Map.of()).values()) {
        count += ns.namespace.groups().size();
      }
      if (settings.maxGroupsPerTenant() > 0 && count + 1 > settings.maxGroupsPerTenant()) {
        throw new RuleFormatException(
            List.of(
                "tenant "
                    + tenant
                    + " already has "
                    + count
                    + " rule groups, the most it may have (max_rule_groups_per_tenant)"));
      }
      groups.add(group);
    }
    commit(tenant, namespace, groups);
  }

  /** Deletes one group; false when there is none of that name. */
  public synchronized boolean deleteGroup(TenantId tenant, String namespace, String group) {
    RunningNamespace running = tenants.getOrDefault(tenant, Map.of()).get(namespace);
    if (running == null
        || running.namespace.groups().stream().noneMatch(g -> g.name().equals(group))) {
      return false;
    }
    checkWritable(running, namespace);
    List<RuleGroup> groups =
        running.namespace.groups().stream().filter(g -> !g.name().equals(group)).toList();
    commit(tenant, namespace, groups);
    return true;
  }

  /** Deletes a namespace; false when there is none of that name. */
  public synchronized boolean deleteNamespace(TenantId tenant, String namespace) {
    RunningNamespace running = tenants.getOrDefault(tenant, Map.of()).get(namespace);
    if (running == null) {
      return false;
    }
    checkWritable(running, namespace);
    commit(tenant, namespace, List.of());
    return true;
  }

  private static void checkWritable(RunningNamespace running, String namespace) {
    if (running != null && running.namespace.readOnly()) {
      throw new RuleFormatException(
          List.of(
              "namespace "
                  + namespace
                  + " is loaded from the rule directory and cannot be changed through the API"));
    }
  }

  private void commit(TenantId tenant, String namespace, List<RuleGroup> groups) {
    try {
      store.write(tenant, namespace, groups);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not store the rules of namespace " + namespace + ": " + e.getMessage(), e);
    }
    replace(tenant, new RuleStore.Namespace(namespace, groups, false));
    stateStore.saveAll(tenant, groupsOf(tenant));
  }

  /** The groups of every tenant of {@code scope}, with their rules' health and alerts. */
  public List<GroupStatus> status(TenantScope scope) {
    List<GroupRuntime> groups = new ArrayList<>();
    synchronized (this) {
      for (TenantId tenant : scope.tenants()) {
        groups.addAll(groupsOf(tenant));
      }
    }
    List<GroupStatus> out = new ArrayList<>(groups.size());
    for (GroupRuntime group : groups) {
      out.add(group.status());
    }
    return out;
  }

  /** The pending and firing alerts of every tenant of {@code scope}. */
  public List<Alert> alerts(TenantScope scope) {
    List<Alert> out = new ArrayList<>();
    for (GroupStatus group : status(scope)) {
      for (RuleStatus rule : group.rules()) {
        out.addAll(rule.alerts());
      }
    }
    return out;
  }

  /** The evaluation time a group evaluated now would use, for tests. */
  Instant evaluationTime(RuleGroup group) {
    return clock.instant().minus(group.evaluationDelayOr(settings.evaluationDelay()));
  }

  /** Stops evaluating; running evaluations are cancelled. */
  @Override
  public synchronized void close() {
    stopping.cancel();
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (pool != null) {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
          pool.shutdownNow();
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The default evaluation interval. */
  public Duration evaluationInterval() {
    return settings.evaluationInterval();
  }
}
