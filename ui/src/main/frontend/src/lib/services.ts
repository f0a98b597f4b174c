/** The services overview: every service's RED from span metrics, sortable. Pure functions. */
import { formatMillis, formatPercent } from './format'
import type { Red, RedPart } from './red'

export interface ServiceRow { service: string; red: Red }

export type ServiceSort = 'service' | 'rate' | 'errorRatio' | 'p50' | 'p99' | 'impact'

/**
 * Impact: the service's share of all time spent serving requests in the range (calls × mean latency, from the
 * duration sum when the API gives it, else calls × p50), the SkyWalking-style "where does the time go".
 */
export function impacts(rows: readonly ServiceRow[]): Map<string, number> {
  const time = (r: Red) => r.sum ?? r.calls * (r.p50 ?? 0)
  const total = rows.reduce((sum, row) => sum + time(row.red), 0)
  return new Map(rows.map((row) => [row.service, total > 0 ? time(row.red) / total : 0]))
}

/** Sorted: by name ascending, every figure descending (the worst or busiest first); missing figures last. */
export function sortServices(rows: readonly ServiceRow[], by: ServiceSort): ServiceRow[] {
  const impact = impacts(rows)
  const value = (row: ServiceRow): number | null => by === 'impact' ? impact.get(row.service) ?? 0
    : by === 'service' ? null : (row.red[by] as number | null)
  return [...rows].sort((a, b) => {
    if (by === 'service') return a.service.localeCompare(b.service)
    const va = value(a)
    const vb = value(b)
    if (va === null || vb === null) return va === vb ? a.service.localeCompare(b.service) : va === null ? 1 : -1
    return vb - va || a.service.localeCompare(b.service)
  })
}

export const MIN_OUTLIER_CALLS = 20

/** A part of a service (an operation or an instance) with its shares and, for instances, what sets it apart. */
export interface BreakdownRow extends RedPart {
  /** Its share of the service's calls, and of the service's time (calls × latency). */
  callShare: number
  timeShare: number
  /** Why this instance stands out from its siblings (errors, latency), or null. */
  outlier: string | null
}

/**
 * A service's operations or instances, the largest share of its time first. Instances are compared with each
 * other (replicas should behave alike): one with errors at twice the service's ratio (and at least 1 %), or a p99
 * at twice the replicas' median p99 (and 10 ms more), is an outlier, with the reason in words; an instance with
 * fewer than {@link MIN_OUTLIER_CALLS} calls is too little evidence either way.
 */
export function breakdown(parts: readonly RedPart[], compareSiblings: boolean): BreakdownRow[] {
  const time = (r: Red) => r.sum ?? r.calls * (r.p50 ?? 0)
  const calls = parts.reduce((sum, p) => sum + p.red.calls, 0)
  const errors = parts.reduce((sum, p) => sum + p.red.errors, 0)
  const total = parts.reduce((sum, p) => sum + time(p.red), 0)
  const serviceRatio = calls > 0 ? errors / calls : 0
  const p99s = parts.map((p) => p.red.p99).filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  const medianP99 = p99s.length === 0 ? null : p99s[Math.floor((p99s.length - 1) / 2)]
  const outlier = (red: Red): string | null => {
    if (!compareSiblings || parts.length < 2 || red.calls < MIN_OUTLIER_CALLS) return null
    const reasons: string[] = []
    if (red.errorRatio >= 0.01 && red.errorRatio >= 2 * serviceRatio) {
      reasons.push(`errors ${formatPercent(red.errorRatio)}, the service ${formatPercent(serviceRatio)}`)
    }
    if (medianP99 !== null && red.p99 !== null && red.p99 >= 2 * medianP99 && red.p99 - medianP99 >= 10) {
      reasons.push(`p99 ${formatMillis(red.p99)}, ${Math.round(red.p99 / Math.max(medianP99, 1e-9))}× the replicas' median ${formatMillis(medianP99)}`)
    }
    return reasons.length === 0 ? null : reasons.join('; ')
  }
  return parts.map((p) => ({ ...p, callShare: calls > 0 ? p.red.calls / calls : 0,
    timeShare: total > 0 ? time(p.red) / total : 0, outlier: outlier(p.red) }))
    .sort((a, b) => b.timeShare - a.timeShare || b.red.calls - a.red.calls || a.name.localeCompare(b.name))
}
