import { describe, expect, it } from 'vitest'
import {
  carriedTime, describeRange, lookbackFor, parseRangeInput, parseUrlTime, presetsWith, rangeFromQuery, rangeInputs,
  rangeMillis, refreshFromQuery, refreshMillis, resolveRange, shiftRange, stepFor, TIME_PRESETS, withRange, zoomOut,
  zoomTo,
} from './timeRange'

const T = Date.UTC(2026, 11, 6, 14, 0, 0) // 2026-12-06 14:00:00 UTC
const MIN = 60_000
const HOUR = 60 * MIN

describe('the range in the URL', () => {
  it('reads a relative range, an absolute one, and falls back to the page default on nonsense', () => {
    expect(rangeFromQuery({ lookback: '6h' })).toEqual({ kind: 'relative', lookback: '6h' })
    expect(rangeFromQuery({ start: String(T), end: String(T + HOUR) })).toEqual({ kind: 'absolute', start: T, end: T + HOUR })
    expect(rangeFromQuery({}, '15m')).toEqual({ kind: 'relative', lookback: '15m' })
    expect(rangeFromQuery({ lookback: 'forever' }, '15m')).toEqual({ kind: 'relative', lookback: '15m' })
    expect(rangeFromQuery({ lookback: ['1h'] }, '15m')).toEqual({ kind: 'relative', lookback: '1h' })
    // An end before the start, or a range under a second, is no range.
    expect(rangeFromQuery({ start: String(T), end: String(T - 1) })).toEqual({ kind: 'relative', lookback: '1h' })
    expect(rangeFromQuery({ start: String(T), end: String(T + 999) })).toEqual({ kind: 'relative', lookback: '1h' })
  })

  it('opens older links: Jaeger-style microseconds, nanoseconds, and the log explorer\'s local date-times', () => {
    expect(rangeFromQuery({ lookback: 'custom', start: String(T * 1000), end: String((T + HOUR) * 1000) }))
      .toEqual({ kind: 'absolute', start: T, end: T + HOUR })
    expect(parseUrlTime(`${T}000000`)).toBe(T)
    expect(parseUrlTime('2026-12-06T14:00:00')).toBe(new Date(2026, 11, 6, 14, 0, 0).getTime())
    expect(parseUrlTime('yesterday')).toBeNull()
  })

  it('writes a range, keeping every other parameter, and carries the time (not the rest) to other pages', () => {
    const query = { service: 'a', lookback: '6h', refresh: '10s', tags: ['x', 'y'] }
    expect(withRange(query, { kind: 'absolute', start: T + 0.4, end: T + HOUR })).toEqual({ service: 'a', refresh: '10s',
      tags: 'x', start: String(T), end: String(T + HOUR) })
    expect(carriedTime(query)).toEqual({ lookback: '6h', refresh: '10s' })
    expect(carriedTime({ start: String(T), end: String(T + HOUR), service: 'b' })).toEqual({ start: String(T), end: String(T + HOUR) })
    expect(carriedTime({ service: 'c', refresh: 'every second' })).toEqual({})
  })

  it('resolves relative ranges at the time asked, absolute ones as they are', () => {
    expect(resolveRange({ kind: 'relative', lookback: '15m' }, T)).toEqual({ start: T - 15 * MIN, end: T })
    expect(resolveRange({ kind: 'absolute', start: 1000, end: 5000 }, T)).toEqual({ start: 1000, end: 5000 })
    expect(rangeMillis({ kind: 'relative', lookback: '2d' })).toBe(48 * HOUR)
  })
})

describe('moving around in time', () => {
  it('zooms out around the centre, keeps relative ranges relative and never ends in the future', () => {
    expect(zoomOut({ kind: 'relative', lookback: '15m' }, T)).toEqual({ kind: 'relative', lookback: '30m' })
    expect(zoomOut({ kind: 'absolute', start: T - 3 * HOUR, end: T - HOUR }, T))
      .toEqual({ kind: 'absolute', start: T - 4 * HOUR, end: T })
    expect(zoomOut({ kind: 'absolute', start: T - 10 * HOUR, end: T - 8 * HOUR }, T))
      .toEqual({ kind: 'absolute', start: T - 11 * HOUR, end: T - 7 * HOUR })
  })

  it('steps back by half the range, and forward again to "the last N"', () => {
    const back = shiftRange({ kind: 'relative', lookback: '1h' }, -1, T)
    expect(back).toEqual({ kind: 'absolute', start: T - 90 * MIN, end: T - 30 * MIN })
    expect(shiftRange(back, 1, T)).toEqual({ kind: 'relative', lookback: '1h' })
    expect(shiftRange({ kind: 'absolute', start: T - 5 * HOUR, end: T - 3 * HOUR }, 1, T))
      .toEqual({ kind: 'absolute', start: T - 4 * HOUR, end: T - 2 * HOUR })
  })

  it('zooms to a dragged span in either direction, at least a second long', () => {
    expect(zoomTo(T + 500.6, T - 1000)).toEqual({ kind: 'absolute', start: T - 1000, end: T + 501 })
    expect(zoomTo(T, T + 10)).toEqual({ kind: 'absolute', start: T, end: T + 1000 })
  })

  it('names lookbacks by their largest whole unit', () => {
    expect(lookbackFor(86_400_000)).toBe('1d')
    expect(lookbackFor(90 * MIN)).toBe('90m')
    expect(lookbackFor(14 * 86_400_000)).toBe('2w')
    expect(lookbackFor(999)).toBeNull()
  })
})

describe('the control', () => {
  it('says what the range is, in the chosen zone', () => {
    expect(describeRange({ kind: 'relative', lookback: '15m' }, 'utc')).toBe('Last 15 minutes')
    expect(describeRange({ kind: 'relative', lookback: '1h' }, 'local')).toBe('Last 1 hour')
    expect(describeRange({ kind: 'absolute', start: T, end: T + 30 * MIN }, 'utc')).toBe('2026-12-06 14:00:00 → 14:30:00 UTC')
    expect(describeRange({ kind: 'absolute', start: T, end: T + 24 * HOUR }, 'utc'))
      .toBe('2026-12-06 14:00:00 → 2026-12-07 14:00:00 UTC')
  })

  it('reads typed ranges: date-times in the zone, now and now-N', () => {
    expect(parseRangeInput('2026-12-06 14:00', '2026-12-06 14:30:15', 'utc', T))
      .toEqual({ kind: 'absolute', start: T, end: T + 30 * MIN + 15_000 })
    expect(parseRangeInput('2026-12-06 14:00', '2026-12-06 15:00', 'local', T))
      .toEqual({ kind: 'absolute', start: new Date(2026, 11, 6, 14).getTime(), end: new Date(2026, 11, 6, 15).getTime() })
    expect(parseRangeInput('now-45m', 'now', 'utc', T)).toEqual({ kind: 'relative', lookback: '45m' })
    expect(parseRangeInput('now-2h', 'now-1h', 'utc', T)).toEqual({ kind: 'absolute', start: T - 2 * HOUR, end: T - HOUR })
    expect(parseRangeInput('now-2x', 'now', 'utc', T)).toMatch(/^From "now-2x": after now- comes a duration/)
    expect(parseRangeInput('2026-12-06 14:00', 'teatime', 'utc', T)).toMatch(/^To "teatime" is not a time/)
    expect(parseRangeInput('2026-02-31 10:00', 'now', 'utc', T)).toMatch(/^From .* is not a time/)
    expect(parseRangeInput('2026-12-06 15:00', '2026-12-06 14:00', 'utc', T)).toBe('From must be at least a second before To')
  })

  it('fills the boxes with what it would read back', () => {
    const range = { kind: 'absolute' as const, start: T, end: T + HOUR }
    const inputs = rangeInputs(range, 'utc')
    expect(inputs).toEqual({ from: '2026-12-06 14:00:00', to: '2026-12-06 15:00:00' })
    expect(parseRangeInput(inputs.from, inputs.to, 'utc', T)).toEqual(range)
    expect(rangeInputs({ kind: 'relative', lookback: '6h' }, 'utc')).toEqual({ from: 'now-6h', to: 'now' })
  })

  it('offers the same presets everywhere, plus an odd value a link brought', () => {
    expect(presetsWith('1h')).toEqual([...TIME_PRESETS])
    expect(presetsWith('45m')).toEqual([...TIME_PRESETS, '45m'])
    expect(presetsWith('nonsense')).toEqual([...TIME_PRESETS])
  })

  it('reads the auto-refresh, defaulting to the page\'s', () => {
    expect(refreshFromQuery({ refresh: '10s' }, 'off')).toBe('10s')
    expect(refreshFromQuery({}, '15s')).toBe('15s')
    expect(refreshFromQuery({ refresh: '3s' }, 'off')).toBe('off')
    expect(refreshMillis('off')).toBeNull()
    expect(refreshMillis('1m')).toBe(60_000)
  })

  it('steps RED charts to at most about 60 points, never under the 15 s resolution', () => {
    expect(stepFor(5 * MIN)).toBe('15s')
    expect(stepFor(HOUR)).toBe('1m')
    expect(stepFor(24 * HOUR)).toBe('30m')
    expect(stepFor(7 * 24 * HOUR)).toBe('6h')
  })
})
