import { describe, expect, it } from 'vitest'
import { formatAgo, formatDuration, formatMillis, formatPercent, formatRate, formatTimestamp, parseDuration, rateFormatter } from './format'

describe('formatDuration', () => {
  it.each([
    [0, '0µs'], [850, '850µs'], [999.4, '999µs'], [1000, '1ms'], [1234, '1.23ms'], [12345, '12.3ms'],
    [250000, '250ms'], [1250000, '1.25s'], [59_940_000, '59.9s'], [123_000_000, '2m 3s'], [120_000_000, '2m'],
    [3_600_000_000, '1h'], [5_400_000_000, '1h 30m'], [-1, '–'], [Number.NaN, '–'],
  ])('%d µs → %s', (micros, expected) => {
    expect(formatDuration(micros)).toBe(expected)
  })
})

describe('parseDuration', () => {
  it.each([
    ['150ms', 150_000], ['1.5s', 1_500_000], ['2m', 120_000_000], ['300us', 300], ['300µs', 300], [' 1h ', 3_600_000_000],
    ['150', null], ['ms', null], ['1.5.2s', null], ['-1s', null],
  ])('%s → %s', (text, expected) => {
    expect(parseDuration(text)).toBe(expected)
  })
})

describe('formatAgo', () => {
  const now = 1_700_000_000_000
  it.each([
    [now * 1000, 'just now'], [(now - 5_000) * 1000, '5s ago'], [(now - 180_000) * 1000, '3m ago'],
    [(now - 7_200_000) * 1000, '2h ago'], [(now - 4 * 86_400_000) * 1000, '4d ago'],
  ])('%d → %s', (micros, expected) => {
    expect(formatAgo(micros, now)).toBe(expected)
  })
})

describe('one formatter for rates, ratios and latencies on every page', () => {
  it.each([[0, '0/s'], [0.084, '5.0/min'], [0.5, '30/min'], [0.001, '<0.1/min'], [2.46, '2.5/s'], [12.4, '12/s'], [null, '–']])(
    'rate %s → %s', (rate, text) => expect(formatRate(rate)).toBe(text))
  it.each([[0, '0%'], [0.0004, '<0.1%'], [0.031, '3.1%'], [0.456, '46%'], [null, '–'], [Number.NaN, '–']])(
    'ratio %s → %s', (ratio, text) => expect(formatPercent(ratio)).toBe(text))
  it('keeps one rate unit on a chart\'s axis and tooltips', () => {
    expect([0, 0.25, 0.5].map(rateFormatter(0.5))).toEqual(['0/min', '15/min', '30/min'])
    expect([0, 0.5, 2.46, 12.4].map(rateFormatter(12.4))).toEqual(['0/s', '0.5/s', '2.5/s', '12/s'])
  })
  it('writes the APIs\' milliseconds like trace durations', () => {
    expect(formatMillis(4420)).toBe(formatDuration(4_420_000))
    expect(formatMillis(0.85)).toBe('850µs')
    expect(formatMillis(null)).toBe('–')
  })
  it('writes timestamps in the chosen zone', () => {
    expect(formatTimestamp(Date.UTC(2026, 11, 6, 22, 3, 4, 56) * 1000, 'utc')).toBe('2026-12-06 22:03:04.056')
  })
})
