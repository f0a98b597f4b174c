/**
 * The textual units Tracemate reads, each dialect once. They differ on purpose, because each follows the system
 * whose users write it:
 *
 * <ul>
 *   <li>{@link io.tracemate.common.units.GoDuration}: Go's {@code time.ParseDuration} ({@code 1h2m3.5s}, no days):
 *       Jaeger's query parameters, OpenTelemetry Collector configs (span metrics buckets), LogQL's
 *       {@code duration()} conversions, the bench CLI;</li>
 *   <li>{@link io.tracemate.common.units.PrometheusDuration}: Prometheus and Loki ({@code 1h30m}, {@code 1d},
 *       {@code 1w}, {@code 1y}, fractions): LogQL ranges and offsets, Loki's query parameters;</li>
 *   <li>{@link io.tracemate.common.units.HumanDuration}: Tracemate's own YAML and API parameters (whole numbers,
 *       {@code ms} to {@code w}, or ISO-8601);</li>
 *   <li>{@link io.tracemate.common.units.ByteSizes}: go-humanize as Loki reads sizes ({@code 20KB} = 20000,
 *       {@code 1KiB} = 1024), and Tracemate's own keys ({@code 64MiB}; {@code KB} = 1024).</li>
 * </ul>
 *
 * <p>Errors carry the words of the system the dialect comes from where its users see them (Go's
 * {@code time: unknown unit "d" in duration "1d"}, go-humanize's {@code unhandled size name: x}).
 */
package io.tracemate.common.units;
