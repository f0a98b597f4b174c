package io.tracemate.pipeline.sampling;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.config.ConfigProblems;
import io.tracemate.pipeline.config.PipelineConfigException;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Tail-based sampling after the write-ahead log: spans are buffered per trace until {@code decision_wait} has
 * passed since the trace's first span, then the policies decide and the kept spans go to {@code downstream}
 * (the store). Decisions are remembered (see {@code decision_cache}) so spans that arrive later follow the
 * decision already taken: kept ones go straight downstream, dropped ones are counted and discarded.
 *
 * <p><b>Memory bound.</b> At most {@code num_traces} undecided traces are buffered. When a new trace would
 * exceed it, the oldest undecided traces (first span received earliest) are decided at once, early, with
 * whatever spans they have; they are counted in {@link TailSamplingStats#forcedDecisions()}. Buffered spans
 * are not kept as the decoded records (about 930 bytes each with 11 attributes) but as zstd-compressed OTLP
 * bytes without their resource and scope, which are shared per origin (see {@code BufferedTrace}); they are
 * decoded once, when the trace is decided. All in (span data, per-trace bookkeeping, trace map, WAL index), a
 * buffered span with 11 attributes costs about 430 bytes of heap when every span of a trace comes in its own
 * batch (the worst case, measured in {@code BufferedSpanHeapTest}, which asserts at most 500) and about 210
 * bytes when a service's spans of a trace come together (bin/benchmark-pipeline), at the price of an encode
 * and a compression on arrival and a decompression and a decode at the decision. The decision cache adds about
 * 70 bytes per remembered trace ID.
 *
 * <p><b>Durability.</b> The spans handed to {@link #offer} are already in the WAL under {@code walSequence};
 * {@link #oldestBufferedSequence()} tells the WAL what it must keep. After a crash the WAL is replayed through
 * a fresh sampler, which resumes the undecided traces (their wait restarts). Traces decided before the crash
 * may be decided again from the replay: deterministic policies (all but {@code rate_limiting} and the budgets
 * of {@code composite}) give the same answer, and the store de-duplicates spans written twice. Decisions
 * themselves are not persisted: after a restart, a late span whose trace's earlier records were already
 * truncated is decided with the spans the replay brings, not with the cached decision.
 *
 * <p><b>Tenants.</b> A trace is one tenant's: spans with one trace ID sent for two tenants are two traces, buffered,
 * decided and remembered apart, and the kept spans go downstream with their tenant. In the server each tenant has a
 * sampler of its own ({@link TailSamplingStage}), so the bounds ({@code num_traces}, the decision cache) and the
 * policies' budgets are per tenant.
 *
 * <p><b>A changed configuration</b> ({@link #reconfigure}, a tenant's {@code tail_sampling} block in the runtime
 * overrides file) decides the traces whose first span comes afterwards; each trace already waiting keeps the policies
 * and {@code decision_wait} it started with (new policy state, such as a full {@code rate_limiting} budget, for the
 * new settings only). {@code num_traces} and the decision cache's sizes apply to every trace from then on.
 *
 * <p><b>Threads.</b> {@link #offer}, {@link #tick}, {@link #decideAll} and {@link #close} must be called by one
 * thread at a time (the ingest applier); the downstream consumer runs on that thread. {@link #stats()} and
 * {@link #oldestBufferedSequence()} may be called from any thread.
 */
public final class TailSampler implements AutoCloseable {
  /** Distinct (resource, scope) pairs shared between buffered traces; far above a fleet's service instances. */
  private static final int MAX_DISTINCT_ORIGINS = 10_000;

  private final LongSupplier nanoClock;
  private final SampledSpansConsumer downstream;
  private final PolicyVotes votes = new PolicyVotes();
  private Settings current;
  private final List<Settings> replaced =
      new ArrayList<>(0); // earlier settings still deciding traces
  private int numTraces;
  private final DecisionCache decided;
  private final LinkedHashMap<TraceKey, BufferedTrace> pending; // arrival order
  private final TreeMap<Long, int[]> tracesByFirstSequence = new TreeMap<>();
  private final SpanOrigins origins = new SpanOrigins(MAX_DISTINCT_ORIGINS);
  private final TraceCompression compression = new TraceCompression();

  // single writer (the sampler thread), read by stats() from any thread
  private volatile long spansIn;
  private volatile long spansOut;
  private volatile long spansDropped;
  private volatile long spansInMemory;
  private volatile long lateSpans;
  private volatile long forcedDecisions;
  private volatile long tracesSampled;
  private volatile long tracesNotSampled;
  private volatile int tracesInMemory;
  private volatile long oldestBufferedSequence = Long.MAX_VALUE;

  /**
   * The settings in force when a trace's first span came, which decide it: the configuration, its policies (with
   * their state) and its decision wait. Sampler thread only.
   */
  static final class Settings {
    final TailSamplingConfig config;
    final PolicyChain policies;
    final long decisionWaitNanos;
    int waitingTraces;

    Settings(TailSamplingConfig config, PolicyChain policies) {
      this.config = config;
      this.policies = policies;
      this.decisionWaitNanos = config.decisionWait().toNanos();
    }
  }

  private TailSampler(
      TailSamplingConfig config, LongSupplier nanoClock, SampledSpansConsumer downstream) {
    this.nanoClock = nanoClock;
    this.downstream = downstream;
    this.current = new Settings(config, policies(config, nanoClock, votes));
    this.numTraces = config.numTraces();
    this.decided =
        new DecisionCache(
            cacheSize(config.decisionCache().sampledCacheSize(), numTraces),
            cacheSize(config.decisionCache().nonSampledCacheSize(), numTraces));
    long expected =
        (long) config.expectedNewTracesPerSec() * Math.max(1, config.decisionWait().toSeconds());
    // sized for the traces expected within one decision_wait, never beyond num_traces
    this.pending =
        new LinkedHashMap<>(
            (int) Math.min(1 << 30, Math.min(numTraces, Math.max(16, expected)) * 4 / 3 + 1));
  }

  /**
   * Validates {@code config} and builds the sampler.
   *
   * @param nanoClock monotonic nanoseconds ({@code System::nanoTime} in production), for decision_wait and the
   *     rate-limiting policies
   * @throws PipelineConfigException listing every problem, each with its path under {@code tail_sampling}
   */
  public static TailSampler create(
      TailSamplingConfig config, LongSupplier nanoClock, SampledSpansConsumer downstream) {
    return new TailSampler(config, nanoClock, downstream);
  }

  /**
   * Decides the traces whose first span comes from now on with {@code config}; the traces waiting keep the settings
   * they started with. Unchanged settings (equal blocks) keep the policies as they are, their state included.
   *
   * @throws PipelineConfigException listing every problem, each with its path under {@code tail_sampling}; the
   *     sampler then goes on with the settings it had
   */
  public void reconfigure(TailSamplingConfig config) {
    if (config.equals(current.config)) {
      return;
    }
    Settings next = new Settings(config, policies(config, nanoClock, votes));
    if (current.waitingTraces > 0) {
      replaced.add(current);
    }
    current = next;
    numTraces = config.numTraces();
    decided.resize(
        cacheSize(config.decisionCache().sampledCacheSize(), numTraces),
        cacheSize(config.decisionCache().nonSampledCacheSize(), numTraces));
    forgetUnusedPolicies();
  }

  /** The configuration new traces are decided with. */
  public TailSamplingConfig config() {
    return current.config;
  }

  private static int cacheSize(int configured, int numTraces) {
    return configured == 0 ? numTraces : configured;
  }

  /**
   * Checks {@code config} as {@link #create} would, without creating anything that holds traces (the
   * configuration loader calls this, so that a bad block fails with its file and line).
   *
   * @throws io.tracemate.pipeline.config.PipelineConfigException listing every problem, each with its path
   */
  public static void validate(TailSamplingConfig config) {
    policies(config, System::nanoTime, new PolicyVotes());
  }

  private static PolicyChain policies(
      TailSamplingConfig config, LongSupplier nanoClock, PolicyVotes votes) {
    ConfigProblems problems = new ConfigProblems();
    if (config.decisionWait().isNegative()) {
      problems.add(
          "tail_sampling.decision_wait", "must not be negative, got " + config.decisionWait());
    }
    if (config.numTraces() < 1) {
      problems.add("tail_sampling.num_traces", "must be at least 1, got " + config.numTraces());
    }
    if (config.expectedNewTracesPerSec() < 0) {
      problems.add("tail_sampling.expected_new_traces_per_sec", "must not be negative");
    }
    if (config.decisionCache().sampledCacheSize() < 0) {
      problems.add("tail_sampling.decision_cache.sampled_cache_size", "must not be negative");
    }
    if (config.decisionCache().nonSampledCacheSize() < 0) {
      problems.add("tail_sampling.decision_cache.non_sampled_cache_size", "must not be negative");
    }
    if (config.policies().isEmpty()) {
      problems.add("tail_sampling.policies", "at least one policy is required");
    }
    var named =
        new PolicyFactory(problems, nanoClock)
            .createAll(config.policies(), "tail_sampling.policies");
    problems.throwIfAny();
    return new PolicyChain(named, config.sampleOnFirstMatch(), votes);
  }

  /** A trace as the sampler tells traces apart: one tenant's trace ID. */
  record TraceKey(TenantId tenant, TraceId traceId) {}

  /** {@link #offer(long, TenantId, List)} for {@link TenantId#DEFAULT}, the tenant of single-tenant operation. */
  public void offer(long walSequence, List<Span> spans) {
    offer(walSequence, TenantId.DEFAULT, spans);
  }

  /**
   * Buffers {@code tenant}'s spans that WAL record {@code walSequence} holds (sequences increase from call to
   * call).
   */
  public void offer(long walSequence, TenantId tenant, List<Span> spans) {
    if (spans.isEmpty()) {
      return;
    }
    long now = nanoClock.getAsLong();
    List<Span> lateKept = new ArrayList<>(0);
    long late = 0;
    long lateDropped = 0;
    long added = 0;
    BufferedTrace last = null;
    List<BufferedTrace> touched = new ArrayList<>();
    for (Span span : spans) {
      TraceId traceId = span.traceId();
      TraceKey key = null;
      BufferedTrace trace = null;
      if (last != null && last.traceId.equals(traceId)) {
        trace = last; // the batch is one tenant's, so the same ID is the same trace
      } else {
        key = new TraceKey(tenant, traceId);
        trace = pending.get(key);
      }
      if (trace == null) {
        Boolean decision = decided.get(key);
        if (decision != null) {
          late++;
          if (decision) {
            lateKept.add(span);
          } else {
            lateDropped++;
          }
          continue;
        }
        trace = new BufferedTrace(tenant, traceId, walSequence, now, current);
        current.waitingTraces++;
        pending.put(key, trace);
        tracesByFirstSequence.computeIfAbsent(walSequence, s -> new int[1])[0]++;
      }
      if (trace.incoming == null) {
        trace.incoming = new ArrayList<>(4);
        touched.add(trace);
      }
      trace.incoming.add(span);
      added++;
      last = trace;
    }
    for (BufferedTrace trace : touched) {
      trace.encodeIncoming(origins, compression);
    }
    spansIn += spans.size();
    spansInMemory += added;
    lateSpans += late;
    spansDropped += lateDropped;
    if (!lateKept.isEmpty()) {
      emit(Map.of(tenant, lateKept));
    }
    Map<TenantId, List<Span>> kept = new LinkedHashMap<>();
    Iterator<BufferedTrace> oldestFirst = pending.values().iterator();
    long forced = 0;
    while (pending.size() > numTraces) {
      BufferedTrace oldest = oldestFirst.next();
      oldestFirst.remove();
      decide(oldest, kept);
      forced++;
    }
    forcedDecisions += forced;
    emit(kept);
    published();
  }

  /** Decides the traces whose decision_wait has passed and hands their kept spans downstream. */
  public void tick() {
    long now = nanoClock.getAsLong();
    // Traces wait in arrival order; with one decision_wait that is deadline order, and the first
    // trace not due ends the walk. Traces of earlier settings may wait longer or shorter: the walk
    // then ends at the first trace that no settings in use would decide yet.
    long shortestWait = current.decisionWaitNanos;
    for (Settings earlier : replaced) {
      shortestWait = Math.min(shortestWait, earlier.decisionWaitNanos);
    }
    Map<TenantId, List<Span>> kept = new LinkedHashMap<>();
    Iterator<BufferedTrace> oldestFirst = pending.values().iterator();
    while (oldestFirst.hasNext()) {
      BufferedTrace trace = oldestFirst.next();
      long waited = now - trace.arrivalNanos;
      if (waited < shortestWait) {
        break;
      }
      if (waited < trace.settings.decisionWaitNanos) {
        continue;
      }
      oldestFirst.remove();
      decide(trace, kept);
    }
    emit(kept);
    published();
  }

  /** Decides every buffered trace now (tests, explicit flushes). Shutdown does not call it: see the class doc. */
  public void decideAll() {
    Map<TenantId, List<Span>> kept = new LinkedHashMap<>();
    Iterator<BufferedTrace> all = pending.values().iterator();
    while (all.hasNext()) {
      BufferedTrace trace = all.next();
      all.remove();
      decide(trace, kept);
    }
    emit(kept);
    published();
  }

  /** The lowest WAL sequence with spans buffered undecided, or {@link Long#MAX_VALUE} when there are none. */
  public long oldestBufferedSequence() {
    return oldestBufferedSequence;
  }

  /** A snapshot of the counters; safe from any thread. */
  public TailSamplingStats stats() {
    Map<String, TailSamplingStats.PolicyDecisions> byPolicy = votes.snapshot();
    return new TailSamplingStats(
        spansIn,
        spansOut,
        spansDropped,
        tracesInMemory,
        spansInMemory,
        lateSpans,
        forcedDecisions,
        tracesSampled,
        tracesNotSampled,
        byPolicy);
  }

  /**
   * Forgets the buffered traces without deciding them (they are still in the WAL for the next start) and frees
   * the compression contexts; the sampler must not be used afterwards.
   */
  @Override
  public void close() {
    pending.clear();
    tracesByFirstSequence.clear();
    replaced.clear();
    spansInMemory = 0;
    published();
    compression.close();
  }

  private void decide(BufferedTrace trace, Map<TenantId, List<Span>> kept) {
    int[] count = tracesByFirstSequence.get(trace.firstSequence);
    if (--count[0] == 0) {
      tracesByFirstSequence.remove(trace.firstSequence);
    }
    spansInMemory -= trace.spanCount();
    DecodedTrace decoded = new DecodedTrace(trace.traceId, trace.decode(compression));
    Settings settings = trace.settings;
    boolean keep = settings.policies.sample(decoded);
    if (--settings.waitingTraces == 0 && settings != current) {
      replaced.remove(settings);
      forgetUnusedPolicies();
    }
    decided.put(new TraceKey(trace.tenant, trace.traceId), keep);
    if (keep) {
      kept.computeIfAbsent(trace.tenant, t -> new ArrayList<>()).addAll(decoded.spans());
      tracesSampled++;
    } else {
      spansDropped += trace.spanCount();
      tracesNotSampled++;
    }
  }

  /** Drops the vote counters of policies that neither the current nor an earlier settings in use have. */
  private void forgetUnusedPolicies() {
    Set<String> inUse = new HashSet<>(current.policies.names());
    for (Settings earlier : replaced) {
      inUse.addAll(earlier.policies.names());
    }
    votes.retainOnly(inUse);
  }

  private void emit(Map<TenantId, List<Span>> kept) {
    for (Map.Entry<TenantId, List<Span>> tenantKept : kept.entrySet()) {
      List<Span> spans = tenantKept.getValue();
      if (!spans.isEmpty()) {
        spansOut += spans.size();
        downstream.accept(tenantKept.getKey(), spans);
      }
    }
  }

  private void published() {
    tracesInMemory = pending.size();
    oldestBufferedSequence =
        tracesByFirstSequence.isEmpty() ? Long.MAX_VALUE : tracesByFirstSequence.firstKey();
  }
}
