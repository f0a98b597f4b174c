import { describe, expect, it } from 'vitest'
import { buildSpanTree, keyAttributes, visibleRows } from './spanTree'
import { span, trace } from './testTraces'

const ids = (nodes: { span: { spanID: string } }[]) => nodes.map((n) => n.span.spanID)

describe('buildSpanTree', () => {
  it('nests children under parents ordered by start time, with depths and descendant counts', () => {
    const tree = buildSpanTree(trace([
      span('c', 'a', 30, 10), span('a', '', 0, 100), span('b', 'a', 10, 10), span('d', 'b', 12, 5),
    ]))

    expect(ids(tree.roots)).toEqual(['a'])
    expect(ids(tree.roots[0].children)).toEqual(['b', 'c'])
    expect(tree.byId.get('d')?.depth).toBe(2)
    expect(tree.byId.get('a')?.descendants).toBe(3)
    expect(tree.byId.get('b')?.descendants).toBe(1)
    expect([tree.startTime, tree.endTime]).toEqual([0, 100])
  })

  it('puts spans with a missing parent after the true roots, marked orphan, keeping their subtree', () => {
    const tree = buildSpanTree(trace([
      span('x', 'missing', 5, 10), span('y', 'x', 6, 2), span('a', '', 10, 50), span('z', 'gone', 1, 1),
    ]))

    expect(ids(tree.roots)).toEqual(['a', 'z', 'x'])
    expect(tree.byId.get('x')?.orphan).toBe(true)
    expect(tree.byId.get('a')?.orphan).toBe(false)
    expect(ids(tree.byId.get('x')?.children ?? [])).toEqual(['y'])
    expect(tree.byId.get('y')?.orphan).toBe(false)
  })

  it('keeps every span of a parent cycle or a self-parent exactly once', () => {
    const tree = buildSpanTree(trace([span('a', 'b', 0, 10), span('b', 'a', 1, 5), span('s', 's', 2, 1)]))

    const all = visibleRows(tree.roots, new Set())
    expect(ids(all).sort()).toEqual(['a', 'b', 's'])
  })

  it('builds a 10,000-deep chain without overflowing the stack', () => {
    const spans = [span('0', '', 0, 10000)]
    for (let i = 1; i < 10000; i++) spans.push(span(String(i), String(i - 1), i, 10000 - i))

    const tree = buildSpanTree(trace(spans))

    expect(tree.byId.get('9999')?.depth).toBe(9999)
    expect(tree.byId.get('0')?.descendants).toBe(9999)
  })

  it('resolves the service from the process and flags errors from error=true or an ERROR status', () => {
    const tree = buildSpanTree(trace([
      span('a', '', 0, 10, { process: 'p2', tags: [{ key: 'error', type: 'bool', value: true }] }),
      span('b', 'a', 0, 1, { tags: [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }] }),
      span('c', 'a', 0, 1, { tags: [{ key: 'otel.status_code', type: 'string', value: 'OK' }] }),
    ]))

    expect(tree.byId.get('a')?.service).toBe('order-service')
    expect([tree.byId.get('a')?.error, tree.byId.get('b')?.error, tree.byId.get('c')?.error]).toEqual([true, true, false])
  })
})

describe('shared span IDs (Zipkin client and server spans with one ID)', () => {
  const kind = (value: string) => [{ key: 'span.kind', type: 'string', value }]

  it('keeps both spans, puts the server side under the client side and its children under the server side', () => {
    const tree = buildSpanTree(trace([
      span('root', '', 0, 100),
      span('s', 'root', 10, 50, { tags: kind('client') }),
      span('s', 'root', 12, 40, { tags: kind('server'), process: 'p2' }),
      span('db', 's', 15, 10, { process: 'p2' }),
    ]))

    expect(tree.byId.size).toBe(4)
    expect(tree.byId.get('s')?.children.map((n) => n.key)).toEqual(['s~2'])
    expect(tree.byId.get('s~2')?.service).toBe('order-service')
    expect(tree.byId.get('s~2')?.children.map((n) => n.key)).toEqual(['db'])
    expect(visibleRows(tree.roots, new Set()).map((n) => n.key)).toEqual(['root', 's', 's~2', 'db'])
  })

  it('keeps repeated span IDs without kinds as siblings rather than dropping one', () => {
    const tree = buildSpanTree(trace([span('root', '', 0, 100), span('x', 'root', 1, 1), span('x', 'root', 2, 1)]))

    expect(tree.byId.get('root')?.children.map((n) => n.key)).toEqual(['x', 'x~2'])
  })
})

describe('visibleRows', () => {
  it('lists the tree depth first and hides the descendants of collapsed spans only', () => {
    const tree = buildSpanTree(trace([
      span('a', '', 0, 100), span('b', 'a', 10, 10), span('d', 'b', 12, 5), span('c', 'a', 30, 10),
    ]))

    expect(ids(visibleRows(tree.roots, new Set()))).toEqual(['a', 'b', 'd', 'c'])
    expect(ids(visibleRows(tree.roots, new Set(['b'])))).toEqual(['a', 'b', 'c'])
    expect(ids(visibleRows(tree.roots, new Set(['a'])))).toEqual(['a'])
    expect(ids(visibleRows([tree.byId.get('b')!], new Set()))).toEqual(['b', 'd'])
  })
})

describe('keyAttributes', () => {
  const tag = (key: string, value: string) => ({ key, type: 'string', value })

  it.each([
    [[tag('http.route', '/orders/{id}'), tag('http.request.method', 'GET')], ['GET /orders/{id}']],
    [[tag('url.full', 'http://shop/x'), tag('http.route', '/x')], ['/x']],
    [[tag('url.full', 'http://shop/x')], ['http://shop/x']],
    [[tag('db.operation', 'SELECT'), tag('db.statement', 'SELECT * FROM audit_log')], ['SELECT * FROM audit_log']],
    [[tag('db.operation.name', 'SELECT')], ['SELECT']],
    [[tag('http.route', '/a'), tag('db.query.text', 'SELECT 1')], ['/a', 'SELECT 1']],
    [[tag('peer.service', 'x')], []],
  ])('%j → %j', (tags, expected) => {
    expect(keyAttributes(tags)).toEqual(expected)
  })
})
