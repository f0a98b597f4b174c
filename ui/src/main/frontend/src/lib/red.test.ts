import { describe, expect, it } from 'vitest'
import { percent, redSeries, slowThreshold, stepFor, topOperations, type Red, type ServiceRed } from './red'

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
  it('chooses steps, slow thresholds and formats ratios', () => {
    expect(stepFor('1h')).toBe('1m')
    expect(stepFor('7d')).toBe('1m')
    expect(slowThreshold({ ...red(1), p50: 892.362 })).toBe('892ms')
    expect(slowThreshold({ ...red(1), p50: null })).toBe('1ms')
    expect(slowThreshold({ ...red(1), p50: 0.2 })).toBe('1ms')
    expect(percent(0.031)).toBe('3.1%')
  })
})
