import { describe, expect, it } from 'vitest'
import { along, dotsAt, dotsFor, MAX_DOTS, speedFor, type TrafficEdge } from './topologyTraffic'

describe('dotsFor and speedFor', () => {
  it.each([
    [0, 0], [-1, 0], [0.01, 1], [1, 2], [10, 3], [100, 4], [100000, 4],
  ])('rate %f/s → %i dots', (rate, dots) => {
    expect(dotsFor(rate)).toBe(dots)
  })

  it('moves busier edges faster, within bounds', () => {
    expect(speedFor(0)).toBeCloseTo(0.15)
    expect(speedFor(1)).toBeGreaterThan(speedFor(0.1))
    expect(speedFor(1e9)).toBe(1)
  })
})

describe('along', () => {
  it('starts at the source, ends at the target and passes the midpoint at half way', () => {
    const a = { x: 0, y: 0 }
    const b = { x: 100, y: 0 }
    const mid = { x: 50, y: 20 }
    expect(along(a, b, mid, 0)).toEqual(a)
    expect(along(a, b, mid, 1)).toEqual(b)
    expect(along(a, b, mid, 0.5)).toEqual(mid)
  })
})

describe('dotsAt', () => {
  const straight = (rate: number, failing = false): TrafficEdge =>
    ({ source: { x: 0, y: 0 }, target: { x: 100, y: 0 }, mid: { x: 50, y: 0 }, rate, failing })

  it('spaces an edge\'s dots evenly and moves them with time', () => {
    const edge = straight(1) // 2 dots, speed 0.15 + 0.2 * log10(61)
    const speed = speedFor(1)
    const at0 = dotsAt([edge], 0)
    expect(at0.map((d) => d.x)).toEqual([0, 50])
    const later = dotsAt([edge], 1)
    expect(later[0].x).toBeCloseTo(100 * speed)
    expect(later[1].x).toBeCloseTo(100 * ((speed + 0.5) % 1))
  })

  it('colours the dots of failing edges and skips idle edges', () => {
    const dots = dotsAt([straight(0), straight(0.01, true)], 0)
    expect(dots).toEqual([{ x: 0, y: 0, failing: true }])
  })

  it('never draws more than MAX_DOTS, keeping the busiest edges', () => {
    const edges = [...Array.from({ length: 200 }, () => straight(1000)), straight(0.01, true)]
    const dots = dotsAt(edges, 3)
    expect(dots.length).toBeLessThanOrEqual(MAX_DOTS)
    expect(dots.length).toBe(MAX_DOTS)
    expect(dots.some((d) => d.failing)).toBe(false)
  })
})
