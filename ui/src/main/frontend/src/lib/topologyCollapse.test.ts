import { describe, expect, it } from 'vitest'
import type { Red, Topology, TopologyEdge, TopologyNode } from './topology'
import { collapseTopology, exclusiveDownstream } from './topologyCollapse'
import { toElements } from './topology'

const red = (calls: number, errors: number, rate: number, p99: number): Red =>
  ({ calls, errors, rate, errorRatio: calls === 0 ? null : errors / calls, p50: 1, p90: 2, p99 })

function node(id: string, calls: number, errors: number, state: TopologyNode['health']['state'] = 'healthy'): TopologyNode {
  return { id, name: id, kind: 'service', namespace: 'shop', namespaces: ['shop'], red: red(calls, errors, calls / 10, calls),
    health: { state, reason: `${state} because` }, lastSeen: 1 }
}

function edge(source: string, target: string, requests: number, failed = 0): TopologyEdge {
  return { source, target, connectionType: 'http', via: null, requests, failed, rate: requests / 10,
    errorRatio: failed / requests }
}

// user → gateway → orders → {mysql, payments → bank}; gateway → payments too; orders → stock → orders (cycle).
const shop: Topology = {
  start: 0,
  end: 1,
  nodes: [
    node('user', 0, 0), node('gateway', 100, 1), node('orders', 80, 4, 'warning'), node('mysql', 60, 0),
    node('payments', 30, 0), node('bank', 20, 2, 'critical'), node('stock', 10, 0), node('audit', 5, 0),
  ],
  edges: [
    edge('user', 'gateway', 100, 1), edge('gateway', 'orders', 80, 4), edge('orders', 'mysql', 60),
    edge('orders', 'payments', 20), edge('gateway', 'payments', 10), edge('payments', 'bank', 20, 2),
    edge('orders', 'stock', 10), edge('stock', 'audit', 5), edge('bank', 'gateway', 1),
  ],
}

describe('exclusiveDownstream', () => {
  it.each([
    ['orders', ['audit', 'mysql', 'orders', 'stock']], // payments also has gateway as a caller
    ['payments', ['bank', 'payments']],
    ['stock', ['audit', 'stock']],
    ['mysql', ['mysql']],
    ['nowhere', ['nowhere']],
  ])('%s → %j', (root, expected) => {
    expect([...exclusiveDownstream(shop, root)].sort()).toEqual(expected)
  })

  it('leaves a node on a cycle back into the group outside', () => {
    const cyclic: Topology = { ...shop, nodes: [node('a', 1, 0), node('b', 1, 0), node('c', 1, 0)],
      edges: [edge('a', 'b', 1), edge('b', 'c', 1), edge('c', 'b', 1)] }
    expect([...exclusiveDownstream(cyclic, 'a')].sort()).toEqual(['a'])
    expect([...exclusiveDownstream(cyclic, 'b')].sort()).toEqual(['b', 'c'])
  })
})

describe('collapseTopology', () => {
  it('replaces the group by one summary node with summed calls and errors and the worst health', () => {
    const collapsed = collapseTopology(shop, ['orders'])
    expect(collapsed.nodes.map((n) => n.id)).toEqual(['user', 'gateway', 'orders', 'payments', 'bank'])
    const summary = collapsed.nodes.find((n) => n.id === 'orders')!
    expect(summary.name).toBe('orders +3')
    expect(summary.members).toEqual(['audit', 'mysql', 'orders', 'stock'])
    expect(summary.red.calls).toBe(80 + 60 + 10 + 5)
    expect(summary.red.errors).toBe(4)
    expect(summary.red.errorRatio).toBeCloseTo(4 / 155)
    expect(summary.red.p99).toBe(80) // the root's: it includes its downstream
    expect(summary.health.state).toBe('warning')
    // Edges inside the group disappear; the one leaving it starts at the summary node.
    expect(collapsed.edges.map((e) => `${e.source}>${e.target}`).sort())
      .toEqual(['bank>gateway', 'gateway>orders', 'gateway>payments', 'orders>payments', 'payments>bank', 'user>gateway'])
  })

  it('merges edges that end up between the same two nodes and takes the worst member health', () => {
    const collapsed = collapseTopology(shop, ['payments', 'gateway'])
    // gateway's group (payments now a summary node called only by gateway and orders, orders called only by gateway).
    const gateway = collapsed.nodes.find((n) => n.id === 'gateway')!
    expect(collapsed.nodes.map((n) => n.id)).toEqual(['user', 'gateway'])
    expect(gateway.members).toEqual(['audit', 'bank', 'gateway', 'mysql', 'orders', 'payments', 'stock'])
    expect(gateway.name).toBe('gateway +6')
    expect(gateway.health.state).toBe('critical')
    expect(gateway.health.reason).toBe('payments +1: bank: critical because')
    expect(collapsed.edges).toEqual([{ ...edge('user', 'gateway', 100, 1) }])
  })

  it('merges parallel edges summing requests and failures', () => {
    const t: Topology = { ...shop, nodes: [node('a', 1, 0), node('b', 1, 0), node('c', 1, 0), node('d', 1, 0)],
      edges: [edge('a', 'b', 10, 1), edge('b', 'd', 5), edge('a', 'c', 30, 3), edge('c', 'd', 2)] }
    const merged = collapseTopology(t, ['b']).edges
    expect(merged.map((e) => `${e.source}>${e.target}`)).toEqual(['a>b', 'b>d', 'a>c', 'c>d'])
    const twoRoots = collapseTopology({ ...t, edges: [edge('x', 'b', 1), ...t.edges] }, ['c', 'b'])
    expect(twoRoots.edges.find((e) => e.source === 'a' && e.target === 'b')?.requests).toBe(10)
  })

  it('is the identity without roots or with unknown roots, and draws summary nodes with their totals', () => {
    expect(collapseTopology(shop, [])).toBe(shop)
    expect(collapseTopology(shop, ['nowhere'])).toBe(shop)
    const elements = toElements(collapseTopology(shop, ['stock']), { namespace: '', labels: 'important', highlight: null })
    const stock = elements.find((e) => e.data.id === 'stock')!
    expect(stock.classes).toContain('collapsed')
    expect(stock.data.label).toBe('stock +1\n15 calls · 0 err')
    expect(elements.filter((e) => e.group === 'nodes')).toHaveLength(shop.nodes.length - 1)
  })
})
