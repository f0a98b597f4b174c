import { formatMillis, formatPercent, formatRate } from './format'

/**
 * Pure logic of the topology page: the /api/topology JSON, its mapping to Cytoscape elements, health colours,
 * the path-highlight set and the page state kept in the URL. No DOM and no Cytoscape here, so vitest covers it.
 */

/** RED of a node or an edge side; numbers are null when the API has no sample (NaN on the server). */
export interface Red {
  calls: number
  errors: number
  rate: number | null
  errorRatio: number | null
  p50: number | null
  p90: number | null
  /** Milliseconds. */
  p99: number | null
  /** The slowest call, milliseconds: what a p99 hides when slow calls are rare. */
  max?: number | null
  /** Calls slower than 10× the median and 10 ms. */
  slowCalls?: number
}

export type NodeKind = 'service' | 'database' | 'messaging' | 'virtual'
export type HealthState = 'healthy' | 'warning' | 'critical' | 'unknown'

/** One finding behind a health state (the API's health.reasons[]). */
export interface HealthReason {
  kind: 'errors' | 'latency' | 'alert'
  state: HealthState
  text: string
}

export interface Health {
  state: HealthState
  /** The reasons in one line, worst first. */
  reason: string
  reasons?: HealthReason[]
  thresholds?: { p99: number | null; warningErrorRatio: number | null; criticalErrorRatio: number | null }
  /** The learned normal p99 (ms), null while unknown. */
  baselineP99?: number | null
}

/** A firing alert about a node's service (the API lists at most 20, critical first). */
export interface NodeAlert {
  name: string
  severity: string
  labels: Record<string, string>
  summary: string
  activeAt: number
  firedAt: number
  value: number | null
}

export interface TopologyNode {
  id: string
  name: string
  kind: NodeKind
  namespace: string | null
  namespaces: string[]
  red: Red
  health: Health
  lastSeen: number | null
  /** Firing alerts about this node's service (absent from servers older than this UI, or without a ruler). */
  alerts?: NodeAlert[]
  /** How many alerts fire about it in all (more than `alerts` lists when there are many). */
  alertsFiring?: number
  /** Set on a summary node (lib/topologyCollapse.ts): the IDs of the nodes it stands for, itself included. */
  members?: string[]
}

export interface TopologyEdge {
  source: string
  target: string
  connectionType: string
  via: string | null
  requests: number
  failed: number
  rate: number | null
  errorRatio: number | null
  client?: Red
  server?: Red
  /** Judged by the node rules from the caller's view (absent from servers older than this UI). */
  health?: Health
}

export interface Topology {
  start: number
  end: number
  nodes: TopologyNode[]
  edges: TopologyEdge[]
}

export const HEALTH_COLORS: Record<HealthState, string> = {
  healthy: '#1e9e4a',
  warning: '#e0a800',
  critical: '#d93025',
  unknown: '#9aa3ad',
}

/** The ring colour of a health state; anything the API may add later is shown as unknown (grey). */
export function healthColor(state: string | null | undefined): string {
  return HEALTH_COLORS[(state ?? 'unknown') as HealthState] ?? HEALTH_COLORS.unknown
}

export const NODE_SHAPES: Record<NodeKind, string> = {
  service: 'ellipse',
  database: 'barrel',
  messaging: 'round-hexagon',
  virtual: 'round-diamond',
}

export function edgeId(source: string, target: string): string {
  return `${source}->${target}`
}

/** Nodes and edges on the given paths, to highlight them (everything else is dimmed). */
export interface PathHighlight {
  nodes: Set<string>
  edges: Set<string>
}

export function pathHighlight(paths: string[][]): PathHighlight {
  const nodes = new Set<string>()
  const edges = new Set<string>()
  for (const path of paths) {
    path.forEach((node, i) => {
      nodes.add(node)
      if (i > 0) edges.add(edgeId(path[i - 1], node))
    })
  }
  return { nodes, edges }
}

export type LabelDensity = 'all' | 'important'

export interface ElementOptions {
  /** Empty: every namespace. */
  namespace: string
  labels: LabelDensity
  highlight: PathHighlight | null
}

/** A Cytoscape element definition (the subset this page uses; structurally compatible with Cytoscape's type). */
export interface GraphElement {
  group: 'nodes' | 'edges'
  data: Record<string, string | number | boolean>
  classes: string
}

/** Namespaces present in the topology, sorted, for the filter. */
export function namespacesOf(topology: Topology): string[] {
  const all = new Set<string>()
  for (const node of topology.nodes) {
    if (node.namespace) all.add(node.namespace)
    for (const ns of node.namespaces ?? []) all.add(ns)
  }
  return [...all].sort()
}

function inNamespace(node: TopologyNode, namespace: string): boolean {
  return namespace === '' || node.namespace === namespace || (node.namespaces ?? []).includes(namespace)
}

/**
 * "Important" nodes keep their label at the reduced density: unhealthy ones and the busiest third by rate.
 * Databases and brokers are kept too, since they are few and name the resource a person is looking for.
 */
export function importantNodes(nodes: TopologyNode[]): Set<string> {
  const important = new Set<string>()
  const rates = nodes.map((n) => n.red.rate ?? 0).sort((a, b) => b - a)
  const cutoff = rates.length === 0 ? 0 : rates[Math.max(0, Math.ceil(rates.length / 3) - 1)]
  for (const node of nodes) {
    if (node.health.state === 'warning' || node.health.state === 'critical' || node.kind !== 'service'
      || (node.red.rate ?? 0) >= cutoff) important.add(node.id)
  }
  return important
}

/** The topology as Cytoscape elements, filtered by namespace (edges kept only between kept nodes). */
export function toElements(topology: Topology, options: ElementOptions): GraphElement[] {
  const nodes = topology.nodes.filter((n) => inNamespace(n, options.namespace))
  const kept = new Set(nodes.map((n) => n.id))
  const important = importantNodes(nodes)
  const showAll = options.labels === 'all'
  const hl = options.highlight
  const elements: GraphElement[] = nodes.map((node) => {
    const classes = [node.kind, `health-${node.health.state}`]
    if (node.members) classes.push('collapsed')
    if (hl) classes.push(hl.nodes.has(node.id) ? 'highlighted' : 'dimmed')
    const summary = node.members ? `\n${node.red.calls} calls · ${node.red.errors} err` : problemLine(node.health)
    return {
      group: 'nodes',
      data: {
        id: node.id,
        label: showAll || important.has(node.id) || node.members ? node.name + summary : '',
        kind: node.kind,
        health: node.health.state,
        ring: healthColor(node.health.state),
        shape: NODE_SHAPES[node.kind] ?? 'ellipse',
      },
      classes: classes.join(' '),
    }
  })
  for (const edge of topology.edges) {
    if (!kept.has(edge.source) || !kept.has(edge.target)) continue
    const id = edgeId(edge.source, edge.target)
    const state = edgeHealth(edge)
    const unhealthy = state === 'warning' || state === 'critical'
    const errors = edge.health ? reasonState(edge.health, 'errors') : state
    const failing = errors === 'warning' || errors === 'critical'
    const classes = [`health-${state}`]
    if (hl) classes.push(hl.edges.has(id) ? 'highlighted' : 'dimmed')
    elements.push({
      group: 'edges',
      data: {
        id,
        source: edge.source,
        target: edge.target,
        label: showAll || unhealthy ? edgeLabel(edge) : '',
        rate: edge.rate ?? 0,
        failing,
        health: state,
      },
      classes: classes.join(' '),
    })
  }
  return elements
}

/** The state of one kind of reason, or 'healthy' when the health has none of that kind. */
function reasonState(health: Health | undefined, kind: HealthReason['kind']): HealthState {
  return health?.reasons?.find((r) => r.kind === kind)?.state ?? 'healthy'
}

/**
 * An edge's health: the API's verdict (same rules as nodes) when given; otherwise judged here by the default error
 * ratios only (an old server), never "any error is red".
 */
export function edgeHealth(edge: TopologyEdge): HealthState {
  if (edge.health) return edge.health.state
  if (edge.requests === 0) return 'unknown'
  const ratio = edge.errorRatio ?? 0
  return ratio > 0.05 ? 'critical' : ratio >= 0.01 ? 'warning' : 'healthy'
}

/**
 * An edge's label: rate and the caller's p99, then what needs a look: the share of slow calls with the slowest
 * one (the 4.5 s query a 9 ms p99 hides), the error share once it counts for health.
 */
export function edgeLabel(edge: TopologyEdge): string {
  const parts = [formatRate(edge.rate)]
  const latency = edge.client
  if (latency && latency.p99 !== null && latency.p99 !== undefined) parts.push(`p99 ${formatMillis(latency.p99)}`)
  const slow = latency?.slowCalls ?? 0
  if (latency && slow > 0 && latency.calls > 0) {
    parts.push(`${formatPercent(slow / latency.calls)} slow (max ${formatMillis(latency.max)})`)
  }
  if (edge.failed > 0 && (edge.errorRatio ?? 0) >= (edge.health?.thresholds?.warningErrorRatio ?? 0.01)) {
    parts.push(`${formatPercent(edge.errorRatio)} err`)
  }
  return parts.join(' · ')
}

/**
 * A node's second label line when it is not healthy: each problem in a few words, latency first and told apart
 * from errors ("slow: p99 4.42s > SLO 2s · 3.5% errors").
 */
export function problemLine(health: Health): string {
  if (health.state !== 'warning' && health.state !== 'critical') return ''
  const problems = (health.reasons ?? []).filter((r) => r.state === 'warning' || r.state === 'critical')
  if (problems.length === 0) return `\n${health.state}`
  const order: Record<HealthReason['kind'], number> = { alert: 0, latency: 1, errors: 2 }
  const words = [...problems].sort((a, b) => order[a.kind] - order[b.kind]).map((r) => {
    if (r.kind === 'latency') {
      return `slow: ${r.text.replace(/ \(p99 of the previous .*\)$/, '').replace(/(\d) (m?s)\b/g, '$1$2')}`
    }
    if (r.kind === 'errors') return r.text.replace(/^error rate ([^ ]+).*$/, '$1 errors')
    return r.text
  })
  return `\n${words.join(' · ')}`
}

/**
 * The search for a node's slowest traces of the range: ordered by duration on the server, so the limit keeps the
 * slowest ones wherever they are in the range (not the newest above a guessed threshold). {@code time}: the
 * page's time parameters (lib/timeRange.ts), so the search covers the same range.
 */
export function slowTracesQuery(service: string, time: Record<string, string>): Record<string, string> {
  return { service, orderBy: 'duration', ...time }
}

export function errorTracesQuery(service: string, time: Record<string, string> = {}): Record<string, string> {
  return { service, tags: '{"error":"true"}', ...time }
}

/** Page state, all of it in the URL so views are shareable (the time range is the shared one, lib/timeRange.ts). */
export interface TopologyState {
  namespace: string
  /** Focus: only this service and its neighbours within `hops`. Empty: the whole graph. */
  service: string
  hops: number
  layout: 'layered' | 'force'
  labels: LabelDensity
  /** Two services whose paths are highlighted. */
  from: string
  to: string
  animate: boolean
}

export function defaultState(): TopologyState {
  return { namespace: '', service: '', hops: 1, layout: 'layered', labels: 'all', from: '', to: '', animate: false }
}

type Query = Record<string, string | null | (string | null)[] | undefined>

export function stateFromQuery(query: Query): TopologyState {
  const first = (key: string): string => {
    const value = query[key]
    const one = Array.isArray(value) ? value[0] : value
    return one === null || one === undefined ? '' : String(one)
  }
  const state = defaultState()
  state.namespace = first('namespace')
  state.service = first('service')
  const hops = Number.parseInt(first('hops'), 10)
  if (Number.isFinite(hops) && hops >= 1 && hops <= 5) state.hops = hops
  if (first('layout') === 'force') state.layout = 'force'
  if (first('labels') === 'important') state.labels = 'important'
  state.from = first('from')
  state.to = first('to')
  state.animate = first('animate') === 'true'
  return state
}

/** The URL query for a state: only what differs from the defaults (the time parameters are added by the page). */
export function queryFromState(state: TopologyState): Record<string, string> {
  const defaults = defaultState()
  const query: Record<string, string> = {}
  for (const key of Object.keys(defaults) as (keyof TopologyState)[]) {
    if (key === 'hops' && state.service === '') continue
    if (state[key] !== defaults[key] && state[key] !== '') query[key] = String(state[key])
  }
  return query
}

/**
 * The /api/topology query for a state over a window (epoch ms; brokers are always shown as nodes). The namespace
 * filter is applied client-side by {@link toElements}, so the filter keeps offering every namespace.
 */
export function topologyApiParams(state: TopologyState, window: { start: number; end: number }): URLSearchParams {
  const params = new URLSearchParams({ start: String(Math.round(window.start)), end: String(Math.round(window.end)),
    brokers: 'true' })
  if (state.service !== '') {
    params.set('service', state.service)
    params.set('hopsUp', String(state.hops))
    params.set('hopsDown', String(state.hops))
  }
  return params
}

/** /api/red/services/{name}: the summary and one point per step. */
export interface RedPoint extends Red {
  time: number
}

/** /api/topology/edges/series: one edge's RED per step, as the caller and as the callee measured it. */
export interface EdgeSeries {
  source: string
  target: string
  start: number
  end: number
  step: number
  client: RedPoint[]
  server: RedPoint[]
}

/** A service's direct callers and callees from a topology focused on it, busiest first. */
export function neighbours(topology: Topology, service: string): { upstream: TopologyEdge[]; downstream: TopologyEdge[] } {
  const busiest = (a: TopologyEdge, b: TopologyEdge) => b.requests - a.requests || a.source.localeCompare(b.source)
  return {
    upstream: topology.edges.filter((e) => e.target === service && e.source !== service).sort(busiest),
    downstream: topology.edges.filter((e) => e.source === service && e.target !== service).sort(busiest),
  }
}
