import { describe, expect, it } from 'vitest'
import { operationStats, quantile } from './searchStats'
import type { JaegerTrace } from './model'

const trace = (id: string, durations: number[], failedIndex = -1): JaegerTrace => ({
  traceID: id,
  processes: { p: { serviceName: 'order-service', tags: [] } },
  spans: durations.map((duration, i) => ({
    traceID: id, spanID: `${id}${i}`, operationName: i === 0 ? 'POST /orders' : 'SELECT orders.audit_log',
    references: [], startTime: 0, duration, processID: 'p', logs: [],
    tags: i === failedIndex ? [{ key: 'error', type: 'bool', value: true }] : [],
  })),
})

describe('operationStats', () => {
  it('counts, ranks and fails per service and operation, most total time first', () => {
    const stats = operationStats([trace('a', [5_000_000, 4_500_000]), trace('b', [100_000, 3_000]),
      trace('c', [120_000, 2_000], 1)])
    expect(stats.map((s) => s.operation)).toEqual(['POST /orders', 'SELECT orders.audit_log'])
    expect(stats[1]).toMatchObject({ service: 'order-service', count: 3, errors: 1, p50: 3_000, p99: 4_500_000,
      total: 4_505_000 })
    expect(operationStats([])).toEqual([])
  })

  it('uses nearest-rank quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2)
    expect(quantile([1, 2, 3, 4], 0.99)).toBe(4)
    expect(quantile([], 0.5)).toBeNaN()
  })
})
