package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertSink;
import io.tracemate.alerting.rules.history.AlertHistory;
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
 * their alerts handed to the {@link AlertSink} after every group evaluation, their state kept across restarts, and
 * every change of an alert's state recorded in the {@link AlertHistory}.
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
  private final BaselineStore baselines;
  private final AlertHistory history;
  private final RuleTemplates templates;
  private final DefaultRuleSet defaults;
  private final RulePreviewer previewer;
  private final Cancellation stopping = Cancellation.none();
  private final Map<TenantId, SerialExecutor> tenantQueues = new ConcurrentHashMap<>();

  /** Tenant → namespace → running namespace. Guarded by this. */
  private final Map<TenantId, Map<String, RunningNamespace>> tenants = new TreeMap<>();

  /** The namespaces the rule directory held for each tenant at its last reading. Guarded by this. */
  private Map<TenantId, java.util.Set<String>> directoryNamespaces = Map.of();

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

  /** Without exemplars and default rules. */
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
        metrics,
        DefaultRuleSet.NONE);
  }

  /** Without exemplars: PromQL alerts carry no trace IDs unless their rule has an {@code evidence} query. */
  public Ruler(
      RulerSettings settings,
      Function<TenantScope, SeriesSource> metricSeries,
      EngineSettings promqlSettings,
      LogQLEngine logql,
      AlertSink sink,
      Clock clock,
      RulerMetrics metrics,
      DefaultRuleSet defaults) {
    this(
        settings,
        metricSeries,
        scope -> ExemplarSource.NONE,
        promqlSettings,
        logql,
        sink,
        clock,
        metrics,
        defaults);
  }

  /** Without default rules. */
  public Ruler(
      RulerSettings settings,
      Function<TenantScope, SeriesSource> metricSeries,
      Function<TenantScope, ExemplarSource> exemplars,
      EngineSettings promqlSettings,
      LogQLEngine logql,
      AlertSink sink,
      Clock clock,
      RulerMetrics metrics) {
    this(
        settings,
        metricSeries,
        exemplars,
        promqlSettings,
        logql,
        sink,
        clock,
        metrics,
        DefaultRuleSet.NONE);
  }

  /**
   * @param metricSeries the metric series a scope reads (span metrics, service graph), without recorded series
   * @param exemplars the span metrics' exemplars a scope reads: the trace IDs of PromQL alerts' evidence
   * @param promqlSettings the Prometheus API's limits and time-out, for PromQL rules
   * @param logql the Loki API's engine, for LogQL rules; null when logs are off
   * @param sink receives every group evaluation's alerts; must not block
   * @param defaults the groups every tenant runs without being asked (the default rules), and the tenants
   */
  public Ruler(
      RulerSettings settings,
      Function<TenantScope, SeriesSource> metricSeries,
      Function<TenantScope, ExemplarSource> exemplars,
      EngineSettings promqlSettings,
      LogQLEngine logql,
      AlertSink sink,
      Clock clock,
      RulerMetrics metrics,
      DefaultRuleSet defaults) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
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
    this.baselines =
        new BaselineStore(
            settings.dataDirectory().resolve("rules-baselines"), settings.maxBaselineSeries());
    this.history =
        new AlertHistory(
            settings.dataDirectory().resolve("alert-history"), settings.alertHistory(), clock);
    this.templates = new RuleTemplates(settings.externalLabels(), settings.externalUrl());
    this.previewer =
        new RulePreviewer(
            queries,
            templates,
            promqlSettings.parseLimits(),
            logql == null ? ParseLimits.DEFAULTS : logql.limits().parseLimits());
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

  /** Every tenant's alert transitions, as evaluations record them. */
  public AlertHistory history() {
    return history;
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
    directoryNamespaces = directoryNamespaces(loaded);
    applyDefaults();
  }

  /**
   * Runs the default rules for every tenant that has data and no namespace of their name (a tenant's own rule file
   * of that name in the rule directory overrides them). Holds the lock.
   */
  private void applyDefaults() {
    if (defaults.groups().isEmpty()) {
      return;
    }
    java.util.Set<TenantId> known = new java.util.TreeSet<>(tenants.keySet());
    try {
      known.addAll(defaults.tenants().get());
    } catch (RuntimeException e) {
      log.warn("Could not list the tenants for the default rules: {}", e.toString());
    }
    for (TenantId tenant : known) {
      // A rule file of that name (even an empty one) replaces them for its tenant.
      if (!tenants.getOrDefault(tenant, Map.of()).containsKey(defaults.namespace())
          && !directoryNamespaces
              .getOrDefault(tenant, java.util.Set.of())
              .contains(defaults.namespace())) {
        savedState.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>(stateStore.load(t)));
        replace(
            tenant, new RuleStore.Namespace(defaults.namespace(), defaults.groups(), true, true));
      }
    }
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
    if (settings.rulesDirectory() != null || !defaults.groups().isEmpty()) {
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
      batch = runtime.evaluate(clock.instant(), queries, baselines, stopping);
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
    history.record(runtime.tenant(), runtime.lastTransitions());
    long now = clock.millis();
    baselines.saveIfDue(runtime.tenant(), now);
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
    Map<String, AlertBatch> latest = new LinkedHashMap<>();
    if (old != null) {
      for (ScheduledGroup group : old.groups) {
        group.retired = true;
        if (group.schedule != null) {
          group.schedule.cancel(false);
        }
        state.put(group.runtime.group().name(), group.runtime.alertState());
        if (group.runtime.latest() != null) {
          latest.put(group.runtime.group().name(), group.runtime.latest());
        }
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
      // Until its first evaluation, a changed group shows what the group it replaces last reported
      // (the topology's ring does not flicker when a rule is edited).
      runtime.carryOver(latest.get(group.name()));
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

  /**
   * Reads the rule directory again now, and gives new tenants the default rules (what the poll does every poll
   * interval).
   */
  void pollRulesDirectory() {
    try {
      Map<TenantId, Map<String, RuleStore.Namespace>> loaded =
          settings.rulesDirectory() == null ? Map.of() : store.loadAll();
      synchronized (this) {
        // Namespaces of the rule directory that changed or went away; API namespaces are the API's
        // business, the defaults the defaults'.
        for (var tenant : new ArrayList<>(tenants.keySet())) {
          for (RunningNamespace running : new ArrayList<>(tenants.get(tenant).values())) {
            RuleStore.Namespace now =
                loaded.getOrDefault(tenant, Map.of()).get(running.namespace.name());
            if (running.namespace.readOnly()
                && !running.namespace.builtIn()
                && (now == null || !now.readOnly())) {
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
                          if (running == null
                              || running.namespace.builtIn()
                              || !running.namespace.groups().equals(ns.groups())) {
                            replace(tenant, ns);
                          }
                        }));
        directoryNamespaces = directoryNamespaces(loaded);
        applyDefaults();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not read the rule directory {}: {}", settings.rulesDirectory(), e.toString());
    }
  }

  private static Map<TenantId, java.util.Set<String>> directoryNamespaces(
      Map<TenantId, Map<String, RuleStore.Namespace>> loaded) {
    Map<TenantId, java.util.Set<String>> out = new java.util.HashMap<>();
    loaded.forEach(
        (tenant, namespaces) ->
            namespaces.values().stream()
                .filter(RuleStore.Namespace::readOnly)
                .forEach(
                    ns ->
                        out.computeIfAbsent(tenant, t -> new java.util.HashSet<>())
                            .add(ns.name())));
    return out;
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

  /**
   * The tenant's namespaces, sorted, each with whether it is read-only (loaded from the rule directory, which the
   * API cannot change) or set through the API.
   */
  public synchronized Map<String, Boolean> readOnlyByNamespace(TenantId tenant) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    tenants
        .getOrDefault(tenant, Map.of())
        .forEach((name, ns) -> out.put(name, ns.namespace.readOnly()));
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
    if (running != null && running.namespace.builtIn()) {
      throw new RuleFormatException(
          List.of(
              "namespace "
                  + namespace
                  + " holds Tracemate's default rules and cannot be changed through the API"
                  + " (ruler.default_rules switches each off; a rule file of that name in the rule"
                  + " directory replaces them for its tenant)"));
    }
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

  /**
   * The last evaluation of each of {@code tenant}'s groups (groups not evaluated yet are left out), without waiting
   * for evaluations in progress: the {@link io.tracemate.alerting.model.LiveAlerts} of the topology and the alerts
   * API.
   */
  public List<AlertBatch> latest(TenantId tenant) {
    List<AlertBatch> out = new ArrayList<>();
    for (GroupRuntime group : groupsOf(tenant)) {
      AlertBatch batch = group.latest();
      if (batch != null) {
        out.add(batch);
      }
    }
    return out;
  }

  /**
   * What rule {@code ruleIndex} of {@code group} would have done for {@code tenant} over a past range: its series and
   * when its alerts would have been pending and firing ({@link RulePreview}). Runs on the calling thread under the
   * query limits; changes nothing.
   *
   * @param step the time between evaluations; the group's interval gives what the ruler would have done
   * @throws IllegalArgumentException for a rule index outside the group, an end before the start or a step that is
   *     not positive
   * @throws RuntimeException the query engines' limit, time-out and evaluation errors
   */
  public RulePreview preview(
      TenantId tenant,
      RuleGroup group,
      int ruleIndex,
      Instant start,
      Instant end,
      Duration step,
      Cancellation cancellation) {
    if (ruleIndex < 0 || ruleIndex >= group.rules().size()) {
      throw new IllegalArgumentException(
          "rule "
              + ruleIndex
              + " is not in group \""
              + group.name()
              + "\", which has "
              + group.rules().size()
              + (group.rules().size() == 1 ? " rule" : " rules")
              + " (counted from 0)");
    }
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "end (" + end + ") must not be before start (" + start + ")");
    }
    if (step.toMillis() <= 0) {
      throw new IllegalArgumentException("step must be at least 1ms, got " + step);
    }
    return previewer.preview(tenant, group, ruleIndex, start, end, step, cancellation);
  }

  /** The evaluation time a group evaluated now would use, for tests. */
  Instant evaluationTime(RuleGroup group) {
    return clock.instant().minus(group.evaluationDelayOr(settings.evaluationDelay()));
  }

  /** Stops evaluating (running evaluations are cancelled) and saves the learned baselines. */
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
    baselines.saveAll(clock.millis());
    history.close();
  }

  /** The default evaluation interval. */
  public Duration evaluationInterval() {
    return settings.evaluationInterval();
  }
}
