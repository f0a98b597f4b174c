/** The service page's RED data (`/api/red/services/{s}`) turned into chart series. Pure functions. */
import type { ChartSeries } from './logs'
import type { Health } from './topology'

export interface Red {
  calls: number; errors: number; rate: number; errorRatio: number; p50: number | null; p90: number | null; p99: number | null
  /** All calls' time together (ms): what a share of time spent is computed from. */
  sum?: number | null
}
export interface RedPoint extends Red { time: number }
/** One part of a service: an operation (with its health, from servers that judge it) or an instance. */
export interface RedPart { name: string; red: Red; health?: Health }
export interface ServiceRed {
  service: string; start: number; end: number; step: number; summary: Red; series: RedPoint[]; operations: RedPart[]
  /** Per instance (spanmetrics.instances); absent from older servers. */
  instances?: RedPart[]
}

/** One chart's series from the RED points: the named fields over time, points without a value left out. */
export function redSeries(points: readonly RedPoint[], fields: readonly (keyof Red)[]): ChartSeries[] {
  return fields.map((field) => ({
    name: field,
    points: points.filter((p) => p[field] !== null && Number.isFinite(p[field] as number))
      .map((p) => [p.time, p[field] as number] as [number, number]),
  }))
}

const SEVERITY: Record<string, number> = { critical: 3, warning: 2, healthy: 1, unknown: 0 }

/** Operations, the unhealthy first (critical, then warning), then the busiest (then by p99), at most {@code limit}. */
export function topOperations(red: ServiceRed, limit = 15): RedPart[] {
  const severity = (part: RedPart) => SEVERITY[part.health?.state ?? 'unknown'] ?? 0
  return [...red.operations].sort((a, b) => Math.max(1, severity(b)) - Math.max(1, severity(a))
    || b.red.calls - a.red.calls || (b.red.p99 ?? 0) - (a.red.p99 ?? 0)).slice(0, limit)
}

/**
 * A health verdict in a table cell: the problems in words ("p99 5.4 s > SLO 2 s"), or the state when there is
 * none ("healthy", "no requests in the window").
 */
export function healthWords(health: Health | undefined): string {
  if (health === undefined) return ''
  const problems = (health.reasons ?? []).filter((r) => r.state === 'warning' || r.state === 'critical')
  if (problems.length > 0) return problems.map((r) => r.text.replace(/ \(p99 of the previous .*\)$/, '')).join('; ')
  return health.state === 'unknown' ? health.reason : health.state
}

/**
 * The search for a service's slowest traces in [startMicros, endMicros]: ordered by duration on the server, so the
 * limit keeps the slowest of the whole range (not the newest few above some threshold).
 */
export function slowestTracesParams(service: string, startMicros: number, endMicros: number, limit = 10): URLSearchParams {
  return new URLSearchParams({ service, start: String(Math.round(startMicros)), end: String(Math.round(endMicros)),
    limit: String(limit), orderBy: 'duration' })
}

/** Slowest first; ties newest first. */
export function bySlowest<T extends { duration: number; startTime: number }>(traces: readonly T[]): T[] {
  return [...traces].sort((a, b) => b.duration - a.duration || b.startTime - a.startTime)
}

/**
 * Whether a service page names a service that has never reported: absent from the stored services and without
 * span metrics in the range. Zeros would read as "healthy and idle".
 */
export function isUnknownService(service: string, knownServices: readonly string[], red: ServiceRed | null): boolean {
  return !knownServices.includes(service) && (red === null || red.summary.calls === 0)
}
