import { describe, expect, it } from 'vitest'
import { compareTraces, laneScales, placeBar, significantChange } from './traceCompare'
import { buildSpanTree } from './spanTree'
import type { JaegerTrace } from './model'

type S = [id: string, parent: string | null, service: string, operation: string, duration: number]
const trace = (id: string, spans: S[]): JaegerTrace => ({
  traceID: id,
  processes: Object.fromEntries([...new Set(spans.map((s) => s[2]))].map((svc) => [svc, { serviceName: svc, tags: [] }])),
  spans: spans.map(([spanID, parent, service, operationName, duration], i) => ({
    traceID: id, spanID, operationName, startTime: i, duration, processID: service, tags: [], logs: [],
    references: parent === null ? [] : [{ refType: 'CHILD_OF' as const, traceID: id, spanID: parent }],
  })),
})

// A fast order and a slow one: the slow one spends 4.3 s in audit_log, retries the payment, lacks the cache hit.
const fast = buildSpanTree(trace('a', [
  ['1', null, 'api-gateway', 'POST /orders', 300_000], ['2', '1', 'order-service', 'POST /orders', 280_000],
  ['3', '2', 'order-service', 'SELECT orders.audit_log', 3_000], ['4', '2', 'payment-service', 'POST /pay', 200_000],
  ['5', '2', 'order-service', 'GET cache', 500]]))
const slow = buildSpanTree(trace('b', [
  ['1', null, 'api-gateway', 'POST /orders', 4_800_000], ['2', '1', 'order-service', 'POST /orders', 4_780_000],
  ['3', '2', 'order-service', 'SELECT orders.audit_log', 4_300_000], ['4', '2', 'payment-service', 'POST /pay', 200_000],
  ['6', '2', 'payment-service', 'POST /pay', 210_000], ['7', '2', 'order-service', 'SELECT orders.fallback', 9_000]]))

describe('compareTraces', () => {
  const rows = compareTraces(fast, slow)
  const at = (operation: string) => rows.find((r) => r.operation === operation)!

  it('lines up matching spans by their path and keeps tree order', () => {
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.operation}`)).toEqual([
      'POST /orders', '  POST /orders', '    SELECT orders.audit_log', '    POST /pay', '    GET cache',
      '    SELECT orders.fallback'])
  })

  it('marks durations and structure that differ', () => {
    expect(at('SELECT orders.audit_log')).toMatchObject({ countA: 1, countB: 1, structure: 'same', durationB: 4_300_000 })
    expect(at('SELECT orders.audit_log').ratio).toBeCloseTo(1433.3, 0)
    expect(at('POST /pay')).toMatchObject({ countA: 1, countB: 2, structure: 'count' })
    expect(at('GET cache').structure).toBe('only-a')
    expect(at('SELECT orders.fallback').structure).toBe('only-b')
    expect(significantChange(at('SELECT orders.audit_log'), 4_800_000)).toBe(true)
    expect(significantChange(at('GET cache'), 4_800_000)).toBe(false) // 0.5 ms of a 4.8 s trace
    expect(significantChange(at('POST /pay'), 4_800_000)).toBe(true)
  })
})

describe('side by side', () => {
  const rows = compareTraces(fast, slow)
  const at = (operation: string) => rows.find((r) => r.operation === operation)!

  it('places every matched span on its own trace\'s timeline', () => {
    // Spans start 1 µs apart in these traces (their index): the root at 0, the retried payment twice in B.
    expect(at('POST /pay').spansA).toEqual([{ key: '4', offset: 3, duration: 200_000, error: false }])
    expect(at('POST /pay').spansB.map((s) => s.key)).toEqual(['4', '6'])
    expect(at('GET cache').spansB).toEqual([])
    expect(at('SELECT orders.fallback').spansA).toEqual([])
  })

  it('draws both traces on one scale by default, so the slower one is longer', () => {
    const [a, b] = laneScales(300_000, 4_800_000, true)
    expect(a).toBe(b)
    expect(placeBar(at('POST /orders').spansA[0], a)).toEqual({ left: 0, width: 300_000 / 4_800_000 })
    expect(placeBar(at('POST /orders').spansB[0], b)).toEqual({ left: 0, width: 1 })
    expect(laneScales(300_000, 4_800_000, false)).toEqual([300_000, 4_800_000])
    // A span running past the scale is cut at the lane's end.
    const cut = placeBar({ key: 'x', offset: 900, duration: 500, error: false }, 1000)
    expect(cut.left).toBe(0.9)
    expect(cut.width).toBeCloseTo(0.1)
  })
})
