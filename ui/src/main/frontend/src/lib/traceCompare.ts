/**
 * Two traces side by side, as Jaeger's trace comparison: spans are matched by their path from the root (service
 * and operation at every level), so the same call in both lines up; each row says how many spans and how much
 * time each trace has there, and whether the structure differs (only in one, or a different count). Pure.
 */
import type { SpanNode, SpanTree } from './spanTree'

/** A span placed on its trace's timeline: microseconds from the trace's start, its duration, whether it failed. */
export interface PlacedSpan { key: string; offset: number; duration: number; error: boolean }

export interface CompareRow {
  /** "service: operation" of every level from the root, joined: the match key. */
  path: string
  depth: number
  service: string
  operation: string
  countA: number
  countB: number
  /** Summed durations (µs) of the matched spans. */
  durationA: number
  durationB: number
  /** 'same' (same count), 'count' (both have it, different counts), 'only-a', 'only-b'. */
  structure: 'same' | 'count' | 'only-a' | 'only-b'
  /** B's time there over A's (NaN when either has none). */
  ratio: number
  /** The matched spans of each trace, placed on that trace's own timeline (for the side-by-side view). */
  spansA: PlacedSpan[]
  spansB: PlacedSpan[]
}

interface Tally {
  depth: number; service: string; operation: string; count: number; duration: number; order: number; spans: PlacedSpan[]
}

function tally(tree: SpanTree): Map<string, Tally> {
  const out = new Map<string, Tally>()
  let order = 0
  const stack: { node: SpanNode; prefix: string; depth: number }[] =
    [...tree.roots].reverse().map((node) => ({ node, prefix: '', depth: 0 }))
  while (stack.length > 0) {
    const { node, prefix, depth } = stack.pop() as { node: SpanNode; prefix: string; depth: number }
    const path = `${prefix}${prefix === '' ? '' : ' › '}${node.service}: ${node.span.operationName}`
    const entry = out.get(path) ?? { depth, service: node.service, operation: node.span.operationName, count: 0, duration: 0,
      order: order++, spans: [] }
    entry.count++
    entry.duration += node.span.duration
    entry.spans.push({ key: node.key, offset: node.span.startTime - tree.startTime, duration: node.span.duration, error: node.error })
    out.set(path, entry)
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], prefix: path, depth: depth + 1 })
  }
  return out
}

/** The union of both traces' paths as one tree: A's order, B's extra paths after A's siblings; depth first. */
export function compareTraces(a: SpanTree, b: SpanTree): CompareRow[] {
  const left = tally(a)
  const right = tally(b)
  const parentOf = (path: string) => (path.includes(' › ') ? path.slice(0, path.lastIndexOf(' › ')) : '')
  const children = new Map<string, string[]>()
  const add = (paths: [string, Tally][]) => {
    for (const [path] of paths.sort((p, q) => p[1].order - q[1].order)) {
      const list = children.get(parentOf(path)) ?? []
      if (!list.includes(path)) list.push(path)
      children.set(parentOf(path), list)
    }
  }
  add([...left.entries()])
  add([...right.entries()])
  const rows: CompareRow[] = []
  const stack = [...(children.get('') ?? [])].reverse()
  while (stack.length > 0) {
    const path = stack.pop() as string
    const x = left.get(path)
    const y = right.get(path)
    const base = (x ?? y) as Tally
    const countA = x?.count ?? 0
    const countB = y?.count ?? 0
    rows.push({
      path, depth: base.depth, service: base.service, operation: base.operation, countA, countB,
      durationA: x?.duration ?? 0, durationB: y?.duration ?? 0,
      structure: countA === 0 ? 'only-b' : countB === 0 ? 'only-a' : countA === countB ? 'same' : 'count',
      ratio: x && y && x.duration > 0 ? y.duration / x.duration : Number.NaN,
      spansA: x?.spans ?? [], spansB: y?.spans ?? [],
    })
    stack.push(...[...(children.get(path) ?? [])].reverse())
  }
  return rows
}

/** Whether a row's time differs enough to highlight: twice or half, and at least 1% of the longer trace. */
export function significantChange(row: CompareRow, longerTraceMicros: number): boolean {
  const delta = Math.abs(row.durationB - row.durationA)
  if (delta < longerTraceMicros * 0.01) return false
  return row.structure !== 'same' || !(row.ratio < 2 && row.ratio > 0.5)
}

/** Where a span's bar goes in a lane, as fractions of the lane's width: the lane shows [0, scaleMicros]. */
export function placeBar(span: PlacedSpan, scaleMicros: number): { left: number; width: number } {
  const scale = Math.max(1, scaleMicros)
  const left = Math.min(1, Math.max(0, span.offset / scale))
  return { left, width: Math.max(0, Math.min(1 - left, span.duration / scale)) }
}

/**
 * The lanes' scales: by default both traces on one scale (the longer trace's length), so equal times look equal
 * and the slower trace's extra time shows as length; or each trace on its own length, to compare shapes.
 */
export function laneScales(durationA: number, durationB: number, shared: boolean): [number, number] {
  const longest = Math.max(durationA, durationB, 1)
  return shared ? [longest, longest] : [Math.max(durationA, 1), Math.max(durationB, 1)]
}
