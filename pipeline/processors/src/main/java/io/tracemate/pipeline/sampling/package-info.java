/**
 * Tail-based sampling, configured with the OpenTelemetry Collector contrib {@code tail_sampling} block.
 *
 * <h2>Where it runs</h2>
 * Unlike the collector's processor, the {@link io.tracemate.pipeline.sampling.TailSampler} runs <em>after</em>
 * the write-ahead log and before the store: the spans it buffers during {@code decision_wait} are already
 * durable and acknowledged, so a crash loses nothing; the WAL keeps every record from
 * {@link io.tracemate.pipeline.sampling.TailSampler#oldestBufferedSequence()} on, and on restart the replay
 * feeds the undecided traces through a fresh sampler. Span metrics and the service graph run before it (in
 * the pre-WAL pipeline), so they see every span.
 *
 * <h2>Decisions</h2>
 * A trace is decided {@code decision_wait} after its first span arrived (or earlier when more than
 * {@code num_traces} traces wait: oldest first). Every top-level policy votes; the votes combine as in the
 * collector (see {@code PolicyChain}): a {@code drop} match or an inverted non-match drops, otherwise any
 * sample keeps. Policies look at every span of the trace, and attribute policies at span and resource
 * attributes. The decision is cached by trace ID; later spans follow it.
 *
 * <h2>Memory</h2>
 * A waiting trace holds its spans as zstd-compressed OTLP {@code TracesData} bytes without resource and
 * scope (one frame per batch that brought spans of it), plus a reference to a shared, interned (resource,
 * scope) pair per run of spans from the same origin. Decoded span records would cost about 930 bytes each
 * (11 attributes); the compact form costs 210 to 430 bytes per span all in (see {@code TailSampler}). The
 * policies need every span's attributes, so the trace is decoded once, at its decision, and the policies run
 * on the decoded spans; kept spans go downstream as decoded (equal to what was offered, in arrival order).
 *
 * <h2>Tenants</h2>
 * {@code TailSamplingStage} keeps one {@code TailSampler} per tenant (a {@code PerTenant} of the component model):
 * buffers, {@code num_traces}, the decision cache and the policies' state (rate-limiting budgets) are each tenant's,
 * as if every tenant had its own collector pipeline, so a trace ID sent by two tenants is two traces and one
 * tenant's load never decides another's traces early nor spends its budget. Each sampler is made with the
 * settings the stage's {@code configOf} gives for its tenant (in the server: the tenant's own {@code tail_sampling}
 * block of the runtime overrides file, else the pipeline's), and asks again at its next batch after the file
 * changed: new traces are then decided with the new settings, each waiting trace with those it started with.
 *
 * <h2>Differences from the collector, on purpose</h2>
 * <ul>
 *   <li>{@code probabilistic} without {@code hash_salt} uses the OpenTelemetry SDK's TraceIdRatioBased rule on
 *       the trace ID, so tail sampling agrees with head sampling at the same ratio; with a salt it is the
 *       collector's salted FNV-1a hash.
 *   <li>{@code latency} may carry {@code service}/{@code span_name} filters and {@code overrides}: thresholds on
 *       the matching span's own duration (per endpoint), besides the collector's whole-trace rule.
 *   <li>{@code numeric_attribute} also compares double-valued attributes by value, and either bound may be
 *       omitted (open range).
 *   <li>{@code decision_cache} sizes of 0 mean {@code num_traces}, not "off" (see DecisionCacheConfig).
 *   <li>{@code ottl_condition}, {@code bytes_limiting} and {@code trace_flags} are refused at start-up with a
 *       clear message.
 * </ul>
 */
package io.tracemate.pipeline.sampling;
