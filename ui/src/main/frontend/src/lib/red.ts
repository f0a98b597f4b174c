/** The service page's RED data (`/api/red/services/{s}`) turned into chart series. Pure functions. */
import type { ChartSeries } from './logs'

export interface Red { calls: number; errors: number; rate: number; errorRatio: number; p50: number | null; p90: number | null; p99: number | null }
export interface RedPoint extends Red { time: number }
export interface ServiceRed { service: string; start: number; end: number; step: number; summary: Red; series: RedPoint[]; operations: { name: string; red: Red }[] }

/** One chart's series from the RED points: the named fields over time, points without a value left out. */
export function redSeries(points: readonly RedPoint[], fields: readonly (keyof Red)[]): ChartSeries[] {
  return fields.map((field) => ({
    name: field,
    points: points.filter((p) => p[field] !== null && Number.isFinite(p[field] as number))
      .map((p) => [p.time, p[field] as number] as [number, number]),
  }))
}

/** Operations, busiest first (then by p99), at most {@code limit}. */
export function topOperations(red: ServiceRed, limit = 15): { name: string; red: Red }[] {
  return [...red.operations].sort((a, b) => b.red.calls - a.red.calls || (b.red.p99 ?? 0) - (a.red.p99 ?? 0)).slice(0, limit)
}

export const SERVICE_LOOKBACKS = ['15m', '1h', '6h', '24h'] as const

/** The RED step for a lookback: about 30–100 points per chart. Unknown lookbacks get one minute. */
export function stepFor(lookback: string): string {
  return ({ '5m': '10s', '15m': '15s', '30m': '30s', '1h': '1m', '3h': '2m', '6h': '5m', '12h': '10m', '24h': '15m' } as Record<string, string>)[lookback] ?? '1m'
}

/**
 * The minDuration for "slow traces": the service's median (milliseconds), so the search returns its slower half
 * and the page shows the slowest of those. A higher percentile finds nothing when few calls were made.
 */
export function slowThreshold(summary: Red): string {
  const p50 = summary.p50
  return p50 === null || !Number.isFinite(p50) || p50 <= 0 ? '1ms' : `${Math.max(1, Math.floor(p50))}ms`
}

/** A ratio as a percentage with one decimal: 0.031 → "3.1%". */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`
}
