/**
 * {@code tracemate bench}: the trace load generator and measurements behind BENCHMARKS.md, against any running server
 * with OTLP or Zipkin ingest and a Jaeger or Zipkin query API (Tracemate, or another backend to compare with).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>The client must cost little next to the server it measures: {@code SyntheticWorkload} builds a few batch
 *       shapes of realistic traces (about ten spans, eleven semantic-convention attributes each) once, each is
 *       encoded once per protocol ({@code OtlpEncoding}, {@code ZipkinEncoding}), and {@code BatchTemplate}
 *       overwrites only the IDs and times in the encoded bytes per send. {@code IdAllocator} keeps IDs unique and
 *       random-looking, so ratio samplers treat them as they treat real ones.</li>
 *   <li>Server cost, not wall time: CPU comes from {@code /proc/PID/stat} or the server's
 *       {@code process_cpu_seconds_total} ({@code CpuSource}), bytes on disk from the storage gauges or the data
 *       directory, so a figure per CPU-second or per span does not depend on how busy the machine is.</li>
 *   <li>Bounded and polite: every phase stops at a count or a time, whichever first; throttling (429, 503,
 *       gRPC RESOURCE_EXHAUSTED/UNAVAILABLE) is retried after the server's {@code Retry-After} or OTLP
 *       {@code RetryInfo}; targets must be loopback unless {@code --allow-remote}, because a bench is a load
 *       test.</li>
 *   <li>{@code SharedMeasurements} opens these measurements to the log bench ({@link io.tracemate.bench.logs}),
 *       so both benches count CPU, latency percentiles and retries the same way.</li>
 * </ul>
 *
 * <p>Thread-safety: a run is driven by one thread; ingest phases send from {@code --connections} threads sharing
 * only the thread-safe {@code IdAllocator}, {@code TraceIdSample} and {@code LatencyRecorder}. May depend on:
 * {@code foundation} and wire formats; it speaks to the server only over the network, never through its classes.
 * Nothing in the product depends on it but the command line.
 */
package io.tracemate.bench;
