import { describe, expect, it } from 'vitest'
import { matchSpans, parseSpanQuery, stepMatch, withAncestors } from './spanFilter'
import { buildSpanTree } from './spanTree'
import type { JaegerTrace } from './model'

const span = (spanID: string, parent: string | null, operationName: string, duration: number, processID: string,
  tags: { key: string; type: string; value: string | number | boolean }[] = []) => ({
  traceID: 't', spanID, operationName, startTime: Number.parseInt(spanID, 16), duration, processID, tags, logs: [],
  references: parent === null ? [] : [{ refType: 'CHILD_OF' as const, traceID: 't', spanID: parent }],
})

const trace: JaegerTrace = {
  traceID: 't',
  processes: { gw: { serviceName: 'api-gateway', tags: [{ key: 'host.name', type: 'string', value: 'gw-1' }] },
    os: { serviceName: 'order-service', tags: [] } },
  spans: [
    span('1', null, 'POST /orders', 5_000_000, 'gw'),
    span('2', '1', 'JwtAuthenticationFilter.verify', 200, 'gw'),
    span('3', '1', 'POST /orders', 4_900_000, 'os'),
    span('4', '3', 'SELECT orders.audit_log', 4_350_000, 'os', [{ key: 'db.system', type: 'string', value: 'mysql' }]),
    span('5', '3', 'SELECT orders.orders', 1_000, 'os', [{ key: 'db.system', type: 'string', value: 'mysql' },
      { key: 'error', type: 'bool', value: true }]),
  ],
}
const tree = buildSpanTree(trace)
const find = (query: string) => {
  const terms = parseSpanQuery(query)
  if (typeof terms === 'string') throw new Error(terms)
  return matchSpans(tree, trace.processes, terms)
}

describe('span search', () => {
  it('matches by service, operation, attribute, duration and error, all terms on one span', () => {
    expect(find('service:order-service')).toEqual(['3', '4', '5'])
    expect(find('name:select')).toEqual(['4', '5'])
    expect(find('db.system=mysql >1ms')).toEqual(['4'])
    expect(find('duration<1ms')).toEqual(['2'])
    expect(find('error')).toEqual(['5'])
    expect(find('has:db.system')).toEqual(['4', '5'])
    expect(find('host.name=gw-1')).toEqual(['1', '2'])
    expect(find('audit')).toEqual(['4'])
    expect(find('MYSQL service:order')).toEqual(['4', '5'])
    expect(find('')).toEqual([])
  })

  it('names a term it cannot read', () => {
    expect(parseSpanQuery('duration>soon')).toBe('"duration>soon": not a duration like 100ms, 1.5s or 2m')
  })

  it('steps through matches both ways, wrapping', () => {
    expect(stepMatch(['a', 'b', 'c'], null, 1)).toBe('a')
    expect(stepMatch(['a', 'b', 'c'], 'c', 1)).toBe('a')
    expect(stepMatch(['a', 'b', 'c'], 'a', -1)).toBe('c')
    expect(stepMatch(['a', 'b', 'c'], 'x', -1)).toBe('c')
    expect(stepMatch([], 'a', 1)).toBeNull()
  })

  it('keeps the ancestors of matches for a filtered tree', () => {
    expect([...withAncestors(tree, ['4'])].sort()).toEqual(['1', '3', '4'])
  })
})
