import { describe, expect, it } from 'vitest'
import {
  edgeLabel, neighbours, healthColor, HEALTH_COLORS, pathHighlight, problemLine, queryFromState, slowTracesQuery,
  stateFromQuery, toElements, topologyApiParams, type Red, type Topology, type TopologyEdge, type TopologyNode,
} from './topology'

const red = (rate: number, errors = 0, p99: number | null = 20): Red =>
  ({ calls: 10, errors, rate, errorRatio: errors / 10, p50: 5, p90: 10, p99 })

function node(id: string, kind: TopologyNode['kind'], namespace: string, state: TopologyNode['health']['state'], rate = 1): TopologyNode {
  return { id, name: id, kind, namespace, namespaces: namespace === '' ? [] : [namespace], red: red(rate),
    health: { state, reason: `${state} because` }, lastSeen: 1 }
}

const demo: Topology = {
  start: 0,
  end: 1,
  nodes: [
    node('api-gateway', 'service', 'shop', 'warning', 5),
    node('order-service', 'service', 'shop', 'critical', 4),
    node('mysql/orders', 'database', '', 'healthy', 3),
    node('kafka/orders', 'messaging', '', 'healthy', 1),
    node('bank-gateway', 'service', 'payments', 'healthy', 0.1),
    node('user', 'virtual', '', 'unknown', 0.2),
  ],
  edges: [
    { source: 'api-gateway', target: 'order-service', connectionType: 'http', via: null, requests: 100, failed: 3, rate: 2.5, errorRatio: 0.03,
      health: { state: 'warning', reason: 'error rate 3% ≥ 1%', reasons: [{ kind: 'errors', state: 'warning', text: 'error rate 3% ≥ 1%' }] } },
    // One failure in 10,000 calls: labelled "0% err" and painted red before; healthy by the node rules.
    { source: 'order-service', target: 'mysql/orders', connectionType: 'database', via: null, requests: 10_000, failed: 1, rate: 12.4, errorRatio: 0.0001,
      client: { calls: 10_000, errors: 1, rate: 12.4, errorRatio: 0.0001, p50: 1.2, p90: 3, p99: 9, max: 4_500, slowCalls: 30 },
      health: { state: 'healthy', reason: 'error rate 0.01% < 1%', reasons: [{ kind: 'errors', state: 'healthy', text: 'error rate 0.01% < 1%' }] } },
    { source: 'order-service', target: 'kafka/orders', connectionType: 'messaging', via: null, requests: 6, failed: 0, rate: 0.05, errorRatio: 0 },
    { source: 'order-service', target: 'bank-gateway', connectionType: 'http', via: null, requests: 6, failed: 0, rate: 0.1, errorRatio: 0 },
  ],
}

describe('healthColor', () => {
  it.each([
    ['healthy', '#1e9e4a'], ['warning', '#e0a800'], ['critical', '#d93025'], ['unknown', '#9aa3ad'],
    ['something-new', '#9aa3ad'], [null, '#9aa3ad'],
  ])('%s → %s', (state, colour) => {
    expect(healthColor(state)).toBe(colour)
  })
})

describe('toElements', () => {
  it('maps nodes with ring colour, shape by kind, and edges labelled with rate, red when failing', () => {
    const elements = toElements(demo, { namespace: '', labels: 'all', highlight: null })
    const order = elements.find((e) => e.data.id === 'order-service')!
    expect(order.group).toBe('nodes')
    expect(order.data).toMatchObject({ label: 'order-service\ncritical', ring: HEALTH_COLORS.critical, shape: 'ellipse', health: 'critical' })
    expect(order.classes).toBe('service health-critical')
    expect(elements.find((e) => e.data.id === 'mysql/orders')!.data.shape).toBe('barrel')
    expect(elements.find((e) => e.data.id === 'kafka/orders')!.data.shape).toBe('round-hexagon')
    expect(elements.find((e) => e.data.id === 'user')!.data.ring).toBe('#9aa3ad')

    const failing = elements.find((e) => e.data.id === 'api-gateway->order-service')!
    expect(failing).toMatchObject({ group: 'edges', classes: 'health-warning' })
    expect(failing.data).toMatchObject({ source: 'api-gateway', target: 'order-service', label: '2.5/s · 3.0% err', failing: true })
    const db = elements.find((e) => e.data.id === 'order-service->mysql/orders')!
    expect(db.data.label).toBe('12/s · p99 9ms · 0.3% slow (max 4.5s)')
    expect(db.classes).toBe('health-healthy')
    expect(db.data.failing).toBe(false)
    // Without the API's verdict (an old server) an edge is judged by the default ratios, not by "any error".
    const old = elements.find((e) => e.data.id === 'order-service->kafka/orders')!
    expect(old.classes).toBe('health-healthy')
    expect(elements.filter((e) => e.group === 'nodes')).toHaveLength(6)
    expect(elements.filter((e) => e.group === 'edges')).toHaveLength(4)
  })

  it('filters by namespace and keeps only edges between kept nodes', () => {
    const elements = toElements(demo, { namespace: 'shop', labels: 'all', highlight: null })
    expect(elements.map((e) => e.data.id)).toEqual(['api-gateway', 'order-service', 'api-gateway->order-service'])
  })

  it('at "important" density keeps labels of unhealthy, busy and non-service nodes and of failing edges only', () => {
    const elements = toElements(demo, { namespace: '', labels: 'important', highlight: null })
    const label = (id: string) => elements.find((e) => e.data.id === id)!.data.label
    expect(label('api-gateway')).toBe('api-gateway\nwarning') // warning and busiest
    expect(label('bank-gateway')).toBe('') // healthy, quiet service
    expect(label('mysql/orders')).toBe('mysql/orders') // a database
    expect(label('api-gateway->order-service')).toBe('2.5/s · 3.0% err')
    expect(label('order-service->mysql/orders')).toBe('')
    expect(label('order-service')).toBe('order-service\ncritical')
  })

  it('highlights the path set and dims the rest', () => {
    const highlight = pathHighlight([['api-gateway', 'order-service', 'mysql/orders']])
    const elements = toElements(demo, { namespace: '', labels: 'all', highlight })
    const classes = (id: string) => elements.find((e) => e.data.id === id)!.classes
    expect(classes('order-service')).toBe('service health-critical highlighted')
    expect(classes('kafka/orders')).toBe('messaging health-healthy dimmed')
    expect(classes('order-service->mysql/orders')).toBe('health-healthy highlighted')
    expect(classes('order-service->kafka/orders')).toBe('health-healthy dimmed')
  })
})

describe('pathHighlight', () => {
  it('collects every node and consecutive edge of all paths', () => {
    const set = pathHighlight([['a', 'b', 'd'], ['a', 'c', 'd']])
    expect([...set.nodes].sort()).toEqual(['a', 'b', 'c', 'd'])
    expect([...set.edges].sort()).toEqual(['a->b', 'a->c', 'b->d', 'c->d'])
  })

  it('is empty for no paths', () => {
    const set = pathHighlight([])
    expect(set.nodes.size + set.edges.size).toBe(0)
  })
})

describe('slow traces link', () => {
  it('asks for the slowest traces of the range, not the newest above a guessed threshold', () => {
    expect(slowTracesQuery('order-service', { lookback: '1h' })).toEqual({ service: 'order-service', orderBy: 'duration', lookback: '1h' })
    expect(Object.keys(slowTracesQuery('s', { start: '1', end: '2' }))).toEqual(['service', 'orderBy', 'start', 'end'])
  })
})

describe('health words', () => {
  const health = (kind: 'errors' | 'latency', state: 'warning' | 'critical' | 'healthy', text: string) =>
    ({ state, reason: text, reasons: [{ kind, state, text }] })

  it('tells latency from errors on the node label, in a few words', () => {
    expect(problemLine(health('latency', 'warning', 'p99 4.42 s > SLO 1 s'))).toBe('\nslow: p99 4.42s > SLO 1s')
    expect(problemLine(health('latency', 'warning', 'p99 4.42 s, 37× its normal 120 ms (p99 of the previous 24 h)')))
      .toBe('\nslow: p99 4.42s, 37× its normal 120ms')
    expect(problemLine(health('errors', 'critical', 'error rate 7.5% > 5%'))).toBe('\n7.5% errors')
    expect(problemLine(health('errors', 'healthy', 'error rate 0% < 1%'))).toBe('')
    expect(problemLine({ state: 'warning', reason: '', reasons: [
      { kind: 'errors', state: 'warning', text: 'error rate 3.49% ≥ 1%' },
      { kind: 'latency', state: 'warning', text: 'p99 5.4 s > SLO 2 s' }] })).toBe('\nslow: p99 5.4s > SLO 2s · 3.49% errors')
    // A firing critical alert comes first, named as the API says it.
    expect(problemLine({ state: 'critical', reason: '', reasons: [
      { kind: 'alert', state: 'critical', text: 'alert OrdersDown firing' },
      { kind: 'errors', state: 'healthy', text: 'error rate 0% < 1%' },
      { kind: 'latency', state: 'warning', text: 'p99 5.4 s > SLO 2 s' }] })).toBe('\nalert OrdersDown firing · slow: p99 5.4s > SLO 2s')
  })

  it('draws a node red when a critical alert fires about it', () => {
    const down: TopologyNode = { ...node('orders', 'service', 'shop', 'critical'),
      health: { state: 'critical', reason: 'alert OrdersDown firing; error rate 0% < 1%',
        reasons: [{ kind: 'alert', state: 'critical', text: 'alert OrdersDown firing' }] },
      alerts: [{ name: 'OrdersDown', severity: 'critical', labels: { service_name: 'orders' }, summary: '', activeAt: 1,
        firedAt: 2, value: 0 }], alertsFiring: 1 }
    const [element] = toElements({ start: 0, end: 1, nodes: [down], edges: [] },
      { namespace: '', labels: 'important', highlight: null })
    expect(element.data.ring).toBe(HEALTH_COLORS.critical)
    expect(element.data.label).toBe('orders\nalert OrdersDown firing')
  })

  it('labels an edge with its latency, its slow share and the slowest call', () => {
    const edge: TopologyEdge = { source: 'a', target: 'b', connectionType: 'http', via: null, requests: 200, failed: 0,
      rate: 3.3, errorRatio: 0, client: { calls: 200, errors: 0, rate: 3.3, errorRatio: 0, p50: 10, p90: 20, p99: 40 } }
    expect(edgeLabel(edge)).toBe('3.3/s · p99 40ms')
  })
})

describe('URL state', () => {
  it('round-trips and drops defaults', () => {
    const state = stateFromQuery({ lookback: '1h', namespace: 'shop', service: 'order-service', hops: '2', layout: 'force',
      labels: 'important', from: 'a', to: 'b', animate: 'true' })
    expect(queryFromState(state)).toEqual({ namespace: 'shop', service: 'order-service', hops: '2',
      layout: 'force', labels: 'important', from: 'a', to: 'b', animate: 'true' })
    expect(queryFromState(stateFromQuery({}))).toEqual({})
  })

  it('ignores invalid values', () => {
    expect(stateFromQuery({ hops: '99', layout: 'circle' })).toMatchObject({ hops: 1, layout: 'layered' })
  })

  it('asks the API for the window, brokers and the focus with hops', () => {
    expect(topologyApiParams(stateFromQuery({ service: 'order-service', hops: '2', namespace: 'shop' }), { start: 1000.4, end: 61000 }).toString())
      .toBe('start=1000&end=61000&brokers=true&service=order-service&hopsUp=2&hopsDown=2')
  })
})

describe('neighbours', () => {
  it('splits a service\'s edges into callers and callees, busiest first', () => {
    const { upstream, downstream } = neighbours(demo, 'order-service')
    expect(upstream.map((e) => e.source)).toEqual(['api-gateway'])
    expect(downstream.map((e) => e.target)).toEqual(['mysql/orders', 'kafka/orders', 'bank-gateway'])
  })
})
