/**
 * Collapsing a subgraph of the topology into one summary node, client-side: a node together with everything
 * downstream of it that is reachable only through it (every caller of a member is itself a member). Pure: the
 * page keeps the list of collapsed roots and draws collapseTopology(topology, roots).
 */
import type { HealthState, Red, Topology, TopologyEdge, TopologyNode } from './topology'

const SEVERITY: Record<HealthState, number> = { unknown: 0, healthy: 1, warning: 2, critical: 3 }

/**
 * The root and the nodes reachable from it only through members: grown to a fixed point, adding a node when all
 * its callers are members. Nodes on a cycle back into the group stay outside (conservative, never wrong).
 */
export function exclusiveDownstream(topology: Topology, root: string): Set<string> {
  const members = new Set<string>([root])
  if (!topology.nodes.some((n) => n.id === root)) return members
  const callers = new Map<string, Set<string>>()
  for (const edge of topology.edges) {
    if (edge.source === edge.target) continue
    if (!callers.has(edge.target)) callers.set(edge.target, new Set())
    callers.get(edge.target)!.add(edge.source)
  }
  let grown = true
  while (grown) {
    grown = false
    for (const edge of topology.edges) {
      const candidate = edge.target
      if (members.has(candidate) || !members.has(edge.source)) continue
      if ([...callers.get(candidate)!].every((c) => members.has(c))) {
        members.add(candidate)
        grown = true
      }
    }
  }
  return members
}

/** Sums calls and errors (and rates) of the members; latency is the root's, since it includes its downstream. */
function aggregateRed(root: TopologyNode, members: TopologyNode[]): Red {
  const calls = members.reduce((sum, n) => sum + n.red.calls, 0)
  const errors = members.reduce((sum, n) => sum + n.red.errors, 0)
  const rates = members.map((n) => n.red.rate).filter((r): r is number => r !== null)
  return {
    calls,
    errors,
    rate: rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0),
    errorRatio: calls === 0 ? null : errors / calls,
    p50: root.red.p50,
    p90: root.red.p90,
    p99: root.red.p99,
  }
}

function summaryNode(root: TopologyNode, members: TopologyNode[]): TopologyNode {
  const others = members.filter((n) => n.id !== root.id)
  const worst = members.reduce((w, n) => (SEVERITY[n.health.state] > SEVERITY[w.health.state] ? n : w), root)
  const ids = [...new Set([...(root.members ?? [root.id]), ...others.flatMap((n) => n.members ?? [n.id])])].sort()
  const baseName = root.members ? root.name.replace(/ \+\d+$/, '') : root.name
  return {
    ...root,
    name: `${baseName} +${ids.length - 1}`,
    red: aggregateRed(root, members),
    health: worst === root ? root.health : { ...worst.health, reason: `${worst.name}: ${worst.health.reason}` },
    members: ids,
  }
}

/** Edges between the same two drawn nodes merge: counts and rates add up, the error ratio is recomputed. */
function mergeEdges(edges: TopologyEdge[]): TopologyEdge[] {
  const merged = new Map<string, TopologyEdge>()
  for (const edge of edges) {
    const key = `${edge.source}\u0000${edge.target}`
    const seen = merged.get(key)
    if (!seen) {
      merged.set(key, { ...edge })
      continue
    }
    seen.requests += edge.requests
    seen.failed += edge.failed
    seen.rate = (seen.rate ?? 0) + (edge.rate ?? 0)
    seen.errorRatio = seen.requests === 0 ? null : seen.failed / seen.requests
    if (seen.connectionType !== edge.connectionType) seen.connectionType = 'mixed'
  }
  return [...merged.values()]
}

function collapseOne(topology: Topology, root: string): Topology {
  const rootNode = topology.nodes.find((n) => n.id === root)
  if (!rootNode) return topology
  const group = exclusiveDownstream(topology, root)
  const members = topology.nodes.filter((n) => group.has(n.id))
  const nodes = topology.nodes.filter((n) => !group.has(n.id) || n.id === root)
    .map((n) => (n.id === root ? summaryNode(rootNode, members) : n))
  const moved = (id: string) => (group.has(id) ? root : id)
  const edges = mergeEdges(topology.edges
    .filter((e) => !(group.has(e.source) && group.has(e.target)))
    .map((e) => ({ ...e, source: moved(e.source), target: moved(e.target) })))
  return { ...topology, nodes, edges }
}

/**
 * The topology with each root (in order) collapsed into a summary node that keeps the root's ID, so edges into
 * it, selection and the URL keep working. A root absorbed by an earlier one, or absent, is skipped.
 */
export function collapseTopology(topology: Topology, roots: readonly string[]): Topology {
  return roots.reduce((t, root) => collapseOne(t, root), topology)
}
