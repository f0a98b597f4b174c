import { describe, expect, it } from 'vitest'
import { formatClock, formatDateTime, initialTimeZone, parseDateTime } from './timeZone'

const T = Date.UTC(2026, 11, 6, 22, 3, 4, 56)

describe('times in the chosen zone', () => {
  it('writes UTC and local time', () => {
    expect(formatDateTime(T, 'utc')).toBe('2026-12-06 22:03:04')
    expect(formatDateTime(T, 'utc', true)).toBe('2026-12-06 22:03:04.056')
    expect(formatClock(T, 'utc')).toBe('22:03:04')
    const d = new Date(T)
    expect(formatClock(T, 'local')).toBe([d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':'))
  })

  it('reads what it writes, in the same zone, and instants with their own offset', () => {
    expect(parseDateTime('2026-12-06 22:03:04', 'utc')).toBe(T - 56)
    expect(parseDateTime('2026-12-06T22:03:04.056', 'utc')).toBe(T)
    expect(parseDateTime('2026-12-06 22:03', 'local')).toBe(new Date(2026, 11, 6, 22, 3).getTime())
    expect(parseDateTime('2026-12-06', 'utc')).toBe(Date.UTC(2026, 11, 6))
    expect(parseDateTime('2026-12-06T23:03:04+01:00', 'local')).toBe(T - 56)
    expect(parseDateTime('2026-12-06 25:00', 'utc')).toBeNull()
    expect(parseDateTime('2026-02-30', 'utc')).toBeNull()
    expect(parseDateTime('06/12/2026', 'utc')).toBeNull()
  })

  it('defaults to local time unless UTC was chosen', () => {
    expect(initialTimeZone('utc')).toBe('utc')
    expect(initialTimeZone(null)).toBe('local')
    expect(initialTimeZone('mars')).toBe('local')
  })
})
