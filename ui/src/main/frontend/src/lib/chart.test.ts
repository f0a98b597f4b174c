import { describe, expect, it } from 'vitest'
import { brushSpan, nearestIndex, niceTicks, sparkShape, sparkTitle, timeAtX } from './chart'
import { formatMillis } from './format'

describe('chart axes', () => {
  it('picks round ticks that cover the maximum', () => {
    expect(niceTicks(4420)).toEqual([0, 2000, 4000, 6000])
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(niceTicks(0.031)).toEqual([0, 0.01, 0.02, 0.03, 0.04])
    expect(niceTicks(0)).toEqual([0])
  })

  it('finds the point nearest the pointer', () => {
    expect(nearestIndex([10, 20, 30], 24)).toBe(1)
    expect(nearestIndex([10, 20, 30], 26)).toBe(2)
    expect(nearestIndex([10, 20, 30], -5)).toBe(0)
    expect(nearestIndex([10, 20, 30], 99)).toBe(2)
    expect(nearestIndex([], 1)).toBe(-1)
  })
})

describe('drag to zoom', () => {
  it('keeps the dragged part of the plot, in order, and takes a click for a click', () => {
    expect(brushSpan(300, 100, 56, 988, 1)).toEqual([100, 300])
    expect(brushSpan(10, 2000, 56, 988, 1)).toEqual([56, 988])
    expect(brushSpan(400, 400.5, 56, 988, 1)).toBeNull()
    expect(brushSpan(0, 40, 56, 988, 1)).toBeNull() // entirely left of the plot
  })
  it('maps plot positions to times', () => {
    expect(timeAtX(56, 56, 956, 1000, 10_000)).toBe(1000)
    expect(timeAtX(506, 56, 956, 1000, 10_000)).toBe(5500)
  })
})

describe('sparkline tooltips', () => {
  it('give the latest value and the peak in the figure\'s unit, skipping empty steps', () => {
    expect(sparkTitle('p99', [120, 5_190, null, 4_800, null], formatMillis)).toBe('p99: 4.8s now, peak 5.19s')
    expect(sparkTitle('p50', [null, null], formatMillis)).toBe('p50: no data in this range')
  })
})

describe('sparklines', () => {
  it('draw runs of values, break at gaps and dot a value standing alone', () => {
    expect(sparkShape([0, 2, null, 1], 12, 10)).toEqual({ path: 'M1,8 L4.3,2 M11,5', dots: [{ x: 11, y: 5 }] })
    // A service that started in the last step: one value, which only a dot shows.
    expect(sparkShape([null, null, 4], 12, 10)).toEqual({ path: 'M11,2', dots: [{ x: 11, y: 2 }] })
    expect(sparkShape([null, null], 12, 10)).toEqual({ path: '', dots: [] })
  })
})
