/**
 * Per-operation statistics of a trace search's result, as Jaeger offers: for every service and operation in the
 * found traces, how many spans, their p50 and p99 duration and how many failed. Pure functions.
 */
import type { JaegerTrace } from './model'
import { isErrorSpan } from './spanTree'

export interface OperationStats {
  service: string
  operation: string
  count: number
  errors: number
  /** Microseconds. */
  p50: number
  p99: number
  /** Summed duration (µs): which operation the found traces spent most time in. */
  total: number
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

/** Every (service, operation) of the traces, the most total time first. */
export function operationStats(traces: readonly JaegerTrace[]): OperationStats[] {
  const groups = new Map<string, { service: string; operation: string; durations: number[]; errors: number }>()
  for (const trace of traces) {
    for (const span of trace.spans) {
      const service = trace.processes[span.processID]?.serviceName ?? 'unknown'
      const key = `${service}\u0000${span.operationName}`
      const group = groups.get(key) ?? { service, operation: span.operationName, durations: [], errors: 0 }
      group.durations.push(span.duration)
      if (isErrorSpan(span)) group.errors++
      groups.set(key, group)
    }
  }
  return [...groups.values()].map((g) => {
    const sorted = [...g.durations].sort((a, b) => a - b)
    return { service: g.service, operation: g.operation, count: sorted.length, errors: g.errors,
      p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), total: sorted.reduce((sum, d) => sum + d, 0) }
  }).sort((a, b) => b.total - a.total || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation))
}
