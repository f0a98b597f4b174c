/** The services overview: every service's RED from span metrics, sortable. Pure functions. */
import type { Red } from './red'

export interface ServiceRow { service: string; red: Red }

export type ServiceSort = 'service' | 'rate' | 'errorRatio' | 'p50' | 'p99' | 'impact'

/**
 * Impact: the service's share of all time spent serving requests in the range (calls × mean latency, from the
 * duration sum when the API gives it, else calls × p50), the SkyWalking-style "where does the time go".
 */
export function impacts(rows: readonly ServiceRow[]): Map<string, number> {
  const time = (r: Red) => (r as Red & { sum?: number }).sum ?? r.calls * (r.p50 ?? 0)
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
