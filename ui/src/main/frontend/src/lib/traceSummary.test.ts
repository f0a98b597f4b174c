import { describe, expect, it } from 'vitest'
import { summarizeTrace } from './traceSummary'
import { span, trace } from './testTraces'

describe('summarizeTrace', () => {
  it('names the trace after its root span and counts services, spans and errors', () => {
    const error = [{ key: 'error', type: 'bool', value: true }]
    const summary = summarizeTrace(trace([
      span('b', 'a', 110, 50, { process: 'p2', tags: error }),
      span('a', '', 100, 100, { name: 'GET /checkout' }),
      span('c', 'b', 120, 90, { process: 'p2' }),
    ]))

    expect(summary).toMatchObject({ name: 'frontend: GET /checkout', spanCount: 3, errorCount: 1, startTime: 100,
      duration: 110 })
    expect(summary.services).toEqual([
      { name: 'order-service', spans: 2, errors: 1 }, { name: 'frontend', spans: 1, errors: 0 }])
  })

  it('uses the earliest orphan when the root is missing', () => {
    expect(summarizeTrace(trace([span('y', 'gone', 20, 5), span('x', 'gone', 10, 5)])).name).toBe('frontend: op-x')
  })
})
