import { describe, expect, it } from 'vitest'
import { barPosition, criticalSegmentsBySpan, criticalTimeBySpan, significantCriticalSpans } from './criticalPath'

const segment = (spanID: string, startTime: number, endTime: number) => ({ index: 0, spanID, startTime, endTime })

describe('criticalSegmentsBySpan', () => {
  it('maps segments to fractions of the window and groups them by span', () => {
    const map = criticalSegmentsBySpan(
      [segment('root', 0, 20), segment('db', 20, 80), segment('root', 80, 100)], 0, 100)

    expect(map.get('root')).toEqual([{ left: 0, width: 0.2 }, { left: 0.8, width: 0.2 }])
    expect(map.get('db')).toEqual([{ left: 0.2, width: 0.6 }])
  })

  it('merges touching segments of one span into one highlight', () => {
    const map = criticalSegmentsBySpan([segment('a', 50, 60), segment('a', 10, 50)], 0, 100)

    expect(map.get('a')).toEqual([{ left: 0.1, width: 0.5 }])
  })

  it('clips to a zoomed window and drops what lies outside it', () => {
    const map = criticalSegmentsBySpan(
      [segment('before', 0, 40), segment('across', 40, 60), segment('inside', 60, 70), segment('after', 90, 100)],
      50, 80)

    expect(map.has('before')).toBe(false)
    expect(map.has('after')).toBe(false)
    expect(map.get('across')?.[0].left).toBe(0)
    expect(map.get('across')?.[0].width).toBeCloseTo(10 / 30)
    expect(map.get('inside')?.[0].left).toBeCloseTo(10 / 30)
  })

  it('returns nothing for an empty window', () => {
    expect(criticalSegmentsBySpan([segment('a', 0, 1)], 5, 5).size).toBe(0)
  })
})

describe('barPosition', () => {
  it('places a bar as fractions of the window', () => {
    expect(barPosition(25, 50, 0, 100)).toEqual({ left: 0.25, width: 0.5 })
  })

  it('keeps zero-length bars visible and inside the window', () => {
    expect(barPosition(100, 0, 0, 100, 0.01)).toEqual({ left: 0.99, width: 0.01 })
  })

  it('clips bars that cross the edges of a zoomed window', () => {
    expect(barPosition(0, 100, 40, 60)).toEqual({ left: 0, width: 1 })
  })
})

describe('significantCriticalSpans', () => {
  it('marks only the spans holding a real share of the critical path', () => {
    // A 5 s trace: the root's own 20 ms, a 200 µs JWT check, 100 ms of payment, 4.35 s in the audit_log query.
    const path = [segment('root', 0, 10_000), segment('jwt', 10_000, 10_200), segment('payment', 10_200, 110_200),
      segment('audit', 110_200, 4_460_200), segment('root', 4_460_200, 4_470_200), segment('root', 4_470_200, 5_000_000)]
    const marked = significantCriticalSpans(path, 5_000_000)
    expect([...marked].sort()).toEqual(['audit', 'payment', 'root'])
    expect(criticalTimeBySpan(path).get('audit')).toBe(4_350_000)
    expect(significantCriticalSpans(path, 0).size).toBe(0)
  })
})
