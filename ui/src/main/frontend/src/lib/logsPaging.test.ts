import { describe, expect, it } from 'vitest'
import type { LogRow } from './logs'
import { appendPage, millisToNs, nearEnd, nextPageParams, pagingSummary, stateAfterPage } from './logsPaging'

const row = (ns: string, line: string, labels: Record<string, string> = { app: 'a' }): LogRow =>
  ({ ns, millis: Number(ns.slice(0, -6)), labels, line, traceId: null })

describe('nextPageParams', () => {
  const range = { startNs: '1700000000000000000', endNs: '1700000060000000000' }

  it('moves the exclusive end of a backward query to one nanosecond after the last line', () => {
    const p = nextPageParams('{app="a"}', range, 'backward', '1700000030999999999', 5000)
    expect(Object.fromEntries(p)).toEqual({ query: '{app="a"}', start: '1700000000000000000',
      end: '1700000031000000000', limit: '5000', direction: 'backward' })
  })

  it('moves the inclusive start of a forward query to the last line', () => {
    const p = nextPageParams('{app="a"}', range, 'forward', '1700000030000000007', 100)
    expect(Object.fromEntries(p)).toEqual({ query: '{app="a"}', start: '1700000030000000007',
      end: '1700000060000000000', limit: '100', direction: 'forward' })
  })

  it('writes milliseconds as nanoseconds', () => {
    expect(millisToNs(1700000000123)).toBe('1700000000123000000')
  })
})

describe('appendPage', () => {
  it('drops the lines of the boundary timestamp the page repeats and keeps the new ones', () => {
    const loaded = [row('3000000', 'c'), row('2000000', 'b1'), row('2000000', 'b2')]
    const page = [row('2000000', 'b2'), row('2000000', 'b1'), row('2000000', 'b3'), row('1000000', 'a')]
    const { rows, added } = appendPage(loaded, page)
    expect(rows.map((r) => r.line)).toEqual(['c', 'b1', 'b2', 'b3', 'a'])
    expect(added).toBe(2)
  })

  it('keeps a line with the same timestamp and text but other labels, and a true duplicate logged twice', () => {
    const loaded = [row('2000000', 'x')]
    const page = [row('2000000', 'x'), row('2000000', 'x'), row('2000000', 'x', { app: 'b' })]
    expect(appendPage(loaded, page).rows.map((r) => `${r.line}/${r.labels.app}`)).toEqual(['x/a', 'x/a', 'x/b'])
  })

  it('does not compare lines away from the boundary', () => {
    const loaded = [row('5000000', 'same'), row('4000000', 'z')]
    expect(appendPage(loaded, [row('3000000', 'same')]).added).toBe(1)
  })

  it('adds nothing when the page only repeats the boundary', () => {
    const loaded = [row('2000000', 'b')]
    expect(appendPage(loaded, [row('2000000', 'b')])).toEqual({ rows: loaded, added: 0 })
    expect(appendPage([], [row('1000000', 'a')]).added).toBe(1)
  })
})

describe('stateAfterPage and pagingSummary', () => {
  it.each([
    [5000, 5000, 4999, 10000, 'more'],
    [4000, 5000, 3999, 10000, 'done'],
    [5000, 5000, 0, 10000, 'done'],
    [5000, 5000, 5000, 200000, 'capped'],
  ] as const)('received %i of %i, added %i, %i loaded: %s', (received, limit, added, loaded, state) => {
    expect(stateAfterPage(received, limit, added, loaded).state).toBe(state)
  })

  it('says how many lines are loaded and what comes next', () => {
    expect(pagingSummary(12000, { state: 'loading' })).toBe('12,000 lines loaded · loading more…')
    expect(pagingSummary(1, { state: 'done' })).toBe('1 line loaded · all loaded')
    expect(pagingSummary(200000, { state: 'capped' }, 200000)).toContain('cap of 200,000 lines reached')
    expect(pagingSummary(5, { state: 'error', message: 'boom' })).toBe('5 lines loaded · the next page failed: boom')
  })

  it('finds the end of the list within the threshold', () => {
    expect(nearEnd(0, 500, 10000, 2000)).toBe(false)
    expect(nearEnd(7500, 500, 10000, 2000)).toBe(true)
  })
})
