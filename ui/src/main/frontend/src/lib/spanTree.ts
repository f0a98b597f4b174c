import type { JaegerSpan, JaegerTag, JaegerTrace } from './model'

/** One span in the trace's tree, with what the Gantt needs precomputed. */
export interface SpanNode {
  /** Unique in the trace: the span ID, or "{spanID}~2"... for later spans sharing it (Zipkin shared spans). */
  key: string
  span: JaegerSpan
  service: string
  depth: number
  children: SpanNode[]
  /** Its parent is referenced but not in the trace (not yet arrived, sampled out, or lost). */
  orphan: boolean
  error: boolean
  /** Number of spans below it, for the collapsed badge. */
  descendants: number
}

export interface SpanTree {
  roots: SpanNode[]
  /** By key (see SpanNode.key): a plain span ID finds the first span with that ID. */
  byId: Map<string, SpanNode>
  startTime: number
  endTime: number
}

/** The parent span ID: the CHILD_OF reference in this trace, else the first reference in this trace. */
export function parentSpanId(span: JaegerSpan): string | null {
  const sameTrace = span.references.filter((ref) => sameTraceId(ref.traceID, span.traceID))
  const childOf = sameTrace.find((ref) => ref.refType === 'CHILD_OF') ?? sameTrace[0]
  return childOf ? childOf.spanID : null
}

export function sameTraceId(a: string, b: string): boolean {
  return a.toLowerCase().padStart(32, '0') === b.toLowerCase().padStart(32, '0')
}

export function isErrorSpan(span: JaegerSpan): boolean {
  return span.tags.some((tag) =>
    (tag.key === 'error' && (tag.value === true || tag.value === 'true'))
    || (tag.key === 'otel.status_code' && tag.value === 'ERROR'))
}

/**
 * Builds the span tree: children under their parents ordered by start time; spans whose parent is missing
 * become extra roots marked orphan, after the true roots. A span listing itself (or a cycle) as parent is
 * treated as a root rather than dropped, so every span of the trace appears exactly once.
 *
 * Zipkin's shared spans (a client and a server span with one span ID) both stay: the later ones get the key
 * "{spanID}~2", ...; the server side hangs under the client side, and children of that ID under the server side.
 */
export function buildSpanTree(trace: JaegerTrace): SpanTree {
  const byId = new Map<string, SpanNode>()
  const sharing = new Map<string, SpanNode[]>()
  for (const span of trace.spans) {
    const group = sharing.get(span.spanID) ?? []
    const node: SpanNode = {
      key: group.length === 0 ? span.spanID : `${span.spanID}~${group.length + 1}`,
      span,
      service: trace.processes[span.processID]?.serviceName ?? 'unknown',
      depth: 0,
      children: [],
      orphan: false,
      error: isErrorSpan(span),
      descendants: 0,
    }
    group.push(node)
    sharing.set(span.spanID, group)
    byId.set(node.key, node)
  }
  const isServer = (node: SpanNode) => node.span.tags.some((t) => t.key === 'span.kind' && t.value === 'server')
  // Where children of a (possibly shared) span ID go: the server side does the work below it.
  const target = (spanID: string) => {
    const group = sharing.get(spanID)
    return group === undefined ? undefined : group.find(isServer) ?? group[0]
  }
  const parentOf = new Map<SpanNode, SpanNode | undefined>()
  const roots: SpanNode[] = []
  const orphans: SpanNode[] = []
  for (const node of byId.values()) {
    const group = sharing.get(node.span.spanID) as SpanNode[]
    const sharedWith = group.find((other) => other !== node && !isServer(other))
    const parentId = parentSpanId(node.span)
    let parent: SpanNode | undefined
    if (group.length > 1 && isServer(node) && sharedWith !== undefined) {
      parent = sharedWith
    } else if (parentId !== null && parentId !== node.span.spanID) {
      parent = target(parentId)
      node.orphan = parent === undefined
    }
    parentOf.set(node, parent)
  }
  breakCycles(parentOf)
  for (const [node, parent] of parentOf) {
    if (parent !== undefined) parent.children.push(node)
    else if (node.orphan) orphans.push(node)
    else roots.push(node)
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.span.startTime - b.span.startTime
  roots.sort(byStart)
  orphans.sort(byStart)
  const allRoots = [...roots, ...orphans]
  let startTime = Number.POSITIVE_INFINITY
  let endTime = Number.NEGATIVE_INFINITY
  // Iterative walk: a 10,000-deep chain must not overflow the stack.
  const stack: SpanNode[] = [...allRoots].reverse()
  const order: SpanNode[] = []
  for (const root of allRoots) root.depth = 0
  while (stack.length > 0) {
    const node = stack.pop() as SpanNode
    order.push(node)
    startTime = Math.min(startTime, node.span.startTime)
    endTime = Math.max(endTime, node.span.startTime + node.span.duration)
    node.children.sort(byStart)
    for (let i = node.children.length - 1; i >= 0; i--) {
      node.children[i].depth = node.depth + 1
      stack.push(node.children[i])
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]
    node.descendants = node.children.reduce((sum, child) => sum + 1 + child.descendants, 0)
  }
  if (order.length === 0) startTime = endTime = 0
  return { roots: allRoots, byId, startTime, endTime }
}

/**
 * Cuts parent links that close a cycle (corrupt or hostile data), so the cycle's entry span becomes a root.
 * One walk up from each span, each span visited once overall: linear even for a 10,000-deep chain.
 */
function breakCycles(parentOf: Map<SpanNode, SpanNode | undefined>): void {
  const DONE = -1
  const state = new Map<SpanNode, number>()
  let walk = 0
  for (const start of parentOf.keys()) {
    walk++
    let current: SpanNode | undefined = start
    while (current !== undefined && state.get(current) === undefined) {
      state.set(current, walk)
      current = parentOf.get(current)
    }
    if (current !== undefined && state.get(current) === walk) parentOf.set(current, undefined)
    for (let node: SpanNode | undefined = start; node !== undefined && state.get(node) === walk;
      node = parentOf.get(node)) {
      state.set(node, DONE)
    }
  }
}

/**
 * The rows the Gantt shows, in tree order: every node under `roots` except the descendants of collapsed spans
 * (by key).
 */
export function visibleRows(roots: SpanNode[], collapsed: ReadonlySet<string>): SpanNode[] {
  const rows: SpanNode[] = []
  const stack: SpanNode[] = [...roots].reverse()
  while (stack.length > 0) {
    const node = stack.pop() as SpanNode
    rows.push(node)
    if (collapsed.has(node.key)) continue
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i])
  }
  return rows
}

/** The 1–2 attributes worth reading on a bar: the HTTP route or URL, the DB operation or statement. */
export function keyAttributes(tags: JaegerTag[]): string[] {
  const get = (...keys: string[]) => {
    for (const key of keys) {
      const tag = tags.find((t) => t.key === key)
      if (tag !== undefined && String(tag.value) !== '') return String(tag.value)
    }
    return undefined
  }
  const out: string[] = []
  const method = get('http.request.method', 'http.method')
  const http = get('http.route', 'url.full', 'http.url', 'url.path', 'http.target')
  if (http !== undefined) out.push(method !== undefined ? `${method} ${http}` : http)
  const statement = get('db.statement', 'db.query.text')
  const operation = get('db.operation', 'db.operation.name')
  if (statement !== undefined) out.push(statement)
  else if (operation !== undefined) out.push(operation)
  return out.slice(0, 2)
}
