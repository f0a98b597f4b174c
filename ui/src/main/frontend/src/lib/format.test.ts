import { describe, expect, it } from 'vitest'
import { formatAgo, formatDuration, parseDuration } from './format'

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
