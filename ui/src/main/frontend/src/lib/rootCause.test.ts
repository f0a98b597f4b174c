import { describe, expect, it } from 'vitest'
import { baselineRatio, describeDominant, dominantSpans } from './rootCause'
import { buildSpanTree } from './spanTree'
import type { JaegerTrace } from './model'

const span = (spanID: string, parent: string | null, operationName: string, startTime: number, duration: number, processID = 'p1') => ({
  traceID: 't', spanID, operationName, startTime, duration, processID, tags: [], logs: [],
  references: parent === null ? [] : [{ refType: 'CHILD_OF' as const, traceID: 't', spanID: parent }],
})

// The seeds' story: a 5 s order request, 4.35 s of it in the audit_log SELECT, a 200 µs JWT check on the way.
const trace: JaegerTrace = {
  traceID: 't',
  processes: { p1: { serviceName: 'order-service', tags: [] }, p2: { serviceName: 'api-gateway', tags: [] } },
  spans: [
    span('root', null, 'POST /orders', 0, 5_000_000, 'p2'),
    span('jwt', 'root', 'verify JWT', 10_000, 200),
    span('audit', 'root', 'SELECT orders.audit_log', 110_200, 4_350_000),
  ],
}
const path = [
  { index: 0, spanID: 'root', startTime: 0, endTime: 10_000 },
  { index: 1, spanID: 'jwt', startTime: 10_000, endTime: 10_200 },
  { index: 0, spanID: 'root', startTime: 10_200, endTime: 110_200 },
  { index: 2, spanID: 'audit', startTime: 110_200, endTime: 4_460_200 },
  { index: 0, spanID: 'root', startTime: 4_460_200, endTime: 5_000_000 },
]

describe('dominantSpans', () => {
  it('names the span that holds the critical path, and only what matters', () => {
    const dominant = dominantSpans(buildSpanTree(trace), path)
    expect(dominant.map((d) => d.node.span.spanID)).toEqual(['audit'])
    expect(dominant[0].criticalTime).toBe(4_350_000)
    expect(dominant[0].share).toBeCloseTo(0.87)
  })

  it('falls back to the largest span when the time is spread thin, and to nothing without a path', () => {
    expect(dominantSpans(buildSpanTree(trace), path, 0.95).map((d) => d.node.span.spanID)).toEqual(['audit'])
    expect(dominantSpans(buildSpanTree(trace), [])).toEqual([])
  })
})

describe('describeDominant', () => {
  const audit = () => dominantSpans(buildSpanTree(trace), path)[0]

  it('compares the span with its operation normal from span metrics', () => {
    expect(baselineRatio(4_350_000, 9)).toBeCloseTo(483.33, 1)
    expect(describeDominant(audit(), 9)).toBe('SELECT orders.audit_log: 4.35s on the critical path (87% of the trace), 483× its p50 of 9ms')
  })

  it('says "as usual" near the normal and says only where the time went without one', () => {
    expect(describeDominant(audit(), 4_000)).toBe('SELECT orders.audit_log: 4.35s on the critical path (87% of the trace), as usual (p50 4s)')
    expect(describeDominant(audit(), null)).toBe('SELECT orders.audit_log: 4.35s on the critical path (87% of the trace)')
    expect(baselineRatio(100, 0)).toBeNull()
  })
})
