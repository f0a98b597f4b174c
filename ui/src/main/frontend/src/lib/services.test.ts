import { describe, expect, it } from 'vitest'
import { breakdown, impacts, sortServices, type ServiceRow } from './services'
import type { Red } from './red'

const row = (service: string, calls: number, errorRatio: number, p50: number | null, p99: number | null): ServiceRow =>
  ({ service, red: { calls, errors: Math.round(calls * errorRatio), rate: calls / 60, errorRatio, p50, p90: null, p99 } })

const rows = [row('order-service', 100, 0.02, 400, 4_420), row('api-gateway', 300, 0.01, 100, 900),
  row('idle', 0, 0, null, null), row('llm', 50, 0, 900, 1_047)]

describe('services overview', () => {
  it('sorts by any column, worst first, services without calls last', () => {
    expect(sortServices(rows, 'p99').map((r) => r.service)).toEqual(['order-service', 'llm', 'api-gateway', 'idle'])
    expect(sortServices(rows, 'errorRatio')[0].service).toBe('order-service')
    expect(sortServices(rows, 'rate')[0].service).toBe('api-gateway')
    expect(sortServices(rows, 'service').map((r) => r.service)).toEqual(['api-gateway', 'idle', 'llm', 'order-service'])
  })

  it('weighs impact as the share of all serving time', () => {
    const share = impacts(rows)
    // 100 × 400 + 300 × 100 + 50 × 900 = 115,000 ms
    expect(share.get('order-service')).toBeCloseTo(40_000 / 115_000)
    expect(share.get('idle')).toBe(0)
    expect(sortServices(rows, 'impact')[0].service).toBe('llm')
  })
})

describe('a service\'s breakdown', () => {
  const red = (calls: number, errors: number, p99: number, sum: number): Red =>
    ({ calls, errors, rate: calls / 60, errorRatio: calls > 0 ? errors / calls : 0, p50: null, p90: null, p99, sum })

  it('orders operations by their share of the service\'s time', () => {
    const rows = breakdown([{ name: 'GET /orders/{id}', red: red(300, 3, 9, 3_000) },
      { name: 'POST /orders', red: red(100, 0, 4_400, 97_000) }], false)
    expect(rows.map((r) => r.name)).toEqual(['POST /orders', 'GET /orders/{id}'])
    expect(rows[0].timeShare).toBeCloseTo(0.97)
    expect(rows[0].callShare).toBeCloseTo(0.25)
    expect(rows.every((r) => r.outlier === null)).toBe(true)
  })

  it('points out the replica that errs or is slow, not the ones like their siblings', () => {
    const rows = breakdown([{ name: 'pod-a', red: red(100, 1, 40, 2_000) }, { name: 'pod-b', red: red(100, 0, 42, 2_100) },
      { name: 'pod-c', red: red(100, 30, 45, 2_200) }, { name: 'pod-d', red: red(100, 0, 900, 9_000) }], true)
    const byName = new Map(rows.map((r) => [r.name, r.outlier]))
    expect(byName.get('pod-a')).toBeNull()
    expect(byName.get('pod-b')).toBeNull()
    expect(byName.get('pod-c')).toBe('errors 30%, the service 7.8%')
    expect(byName.get('pod-d')).toBe('p99 900ms, 21× the replicas\' median 42ms')
    expect(breakdown([{ name: 'only', red: red(10, 5, 1_000, 100) }], true)[0].outlier).toBeNull()
    // Three failures in five calls is too little to single a replica out.
    expect(breakdown([{ name: 'a', red: red(5, 3, 40, 200) }, { name: 'b', red: red(500, 0, 40, 20_000) }], true)
      .every((r) => r.outlier === null)).toBe(true)
  })
})
