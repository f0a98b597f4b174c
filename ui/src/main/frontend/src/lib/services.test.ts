import { describe, expect, it } from 'vitest'
import { impacts, sortServices, type ServiceRow } from './services'

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
