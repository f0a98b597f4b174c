import { describe, expect, it } from 'vitest'
import { redSeries, bySlowest, healthWords, isUnknownService, slowestTracesParams, topOperations, type Red, type ServiceRed } from './red'

const red = (calls: number, p99: number | null = null): Red => ({ calls, errors: 0, rate: calls / 60, errorRatio: 0, p50: null, p90: null, p99 })

describe('red', () => {
  it('builds one series per field and leaves out empty buckets', () => {
    const points = [{ time: 1000, ...red(2, 12) }, { time: 2000, ...red(0) }, { time: 3000, ...red(4, 30) }]
    expect(redSeries(points, ['calls', 'p99'])).toEqual([
      { name: 'calls', points: [[1000, 2], [2000, 0], [3000, 4]] },
      { name: 'p99', points: [[1000, 12], [3000, 30]] },
    ])
  })
  it('orders operations by calls, then p99', () => {
    const response = { operations: [{ name: 'a', red: red(1) }, { name: 'b', red: red(5, 1) }, { name: 'c', red: red(5, 9) }] } as ServiceRed
    expect(topOperations(response, 2).map((o) => o.name)).toEqual(['c', 'b'])
  })
  it('puts the unhealthy operations first, so a limit never hides them, and says why in a few words', () => {
    const health = (state: 'healthy' | 'warning' | 'critical', text: string) =>
      ({ state, reason: text, reasons: [{ kind: 'latency' as const, state, text }] })
    const slow = health('warning', 'p99 5.4 s, 37× its normal 146 ms (p99 of the previous 24 h)')
    const response = { operations: [{ name: 'busy', red: red(900), health: health('healthy', 'p99 9 ms ≤ SLO 2 s') },
      { name: 'rare and slow', red: red(3), health: slow }, { name: 'unjudged', red: red(50) }] } as ServiceRed
    expect(topOperations(response, 2).map((o) => o.name)).toEqual(['rare and slow', 'busy'])
    expect(healthWords(slow)).toBe('p99 5.4 s, 37× its normal 146 ms')
    expect(healthWords(health('healthy', 'p99 9 ms ≤ SLO 2 s'))).toBe('healthy')
    expect(healthWords({ state: 'unknown', reason: 'no requests in the window' })).toBe('no requests in the window')
    expect(healthWords(undefined)).toBe('')
  })
  it('asks for the slowest traces of the whole range and lists them slowest first', () => {
    expect(Object.fromEntries(slowestTracesParams('order-service', 1_000, 3_600_001_000))).toEqual({
      service: 'order-service', start: '1000', end: '3600001000', limit: '10', orderBy: 'duration' })
    const traces = [{ id: 'a', duration: 1_150_000, startTime: 9 }, { id: 'b', duration: 4_420_000, startTime: 1 },
      { id: 'c', duration: 4_420_000, startTime: 5 }]
    expect(bySlowest(traces).map((t) => t.id)).toEqual(['c', 'b', 'a'])
  })
  it('calls a service unknown only when nothing ever came from it', () => {
    const idle = { summary: red(0) } as ServiceRed
    expect(isUnknownService('no-such-service', ['order-service'], idle)).toBe(true)
    expect(isUnknownService('no-such-service', ['order-service'], null)).toBe(true)
    expect(isUnknownService('order-service', ['order-service'], idle)).toBe(false)
    expect(isUnknownService('fresh', [], { summary: red(3) } as ServiceRed)).toBe(false)
  })
})
