/**
 * Traffic animation as moving dots: how many dots an edge carries, how fast they move and where they are at a
 * given time. Pure (no DOM) so vitest covers it; TopologyGraph.vue draws the result on a canvas overlay.
 */

/** Upper bound of dots on screen, whatever the graph size: the animation must stay cheap. */
export const MAX_DOTS = 240
export const MAX_DOTS_PER_EDGE = 4

/** Rates span decades (0.01/s to 1000/s): dots and speed grow with log10 of requests per minute. */
function busyness(rate: number): number {
  return Math.log10(1 + Math.max(0, rate) * 60)
}

/** Dots on one edge: 1 for a trickle, up to MAX_DOTS_PER_EDGE for busy edges; 0 without traffic. */
export function dotsFor(rate: number): number {
  if (!(rate > 0)) return 0
  return Math.min(MAX_DOTS_PER_EDGE, 1 + Math.floor(busyness(rate)))
}

/** Fraction of the edge a dot travels per second: from 0.15 (a trip in ~7 s) to 1 (a trip per second). */
export function speedFor(rate: number): number {
  return Math.min(1, 0.15 + 0.2 * busyness(rate))
}

export interface Point { x: number; y: number }

export interface TrafficEdge {
  source: Point
  target: Point
  /** The drawn midpoint: a bezier edge bends through it. */
  mid: Point
  rate: number
  failing: boolean
}

export interface Dot { x: number; y: number; failing: boolean }

/** The point at t (0..1) of the quadratic curve from a to b through mid (its control point is derived from mid). */
export function along(a: Point, b: Point, mid: Point, t: number): Point {
  const cx = 2 * mid.x - (a.x + b.x) / 2
  const cy = 2 * mid.y - (a.y + b.y) / 2
  const u = 1 - t
  return { x: u * u * a.x + 2 * u * t * cx + t * t * b.x, y: u * u * a.y + 2 * u * t * cy + t * t * b.y }
}

/**
 * Every dot at time `seconds`: an edge's dots are evenly spaced and move with its speed. When the graph would
 * need more than MAX_DOTS, the busiest edges keep theirs and the rest get none.
 */
export function dotsAt(edges: TrafficEdge[], seconds: number): Dot[] {
  const order = edges.map((_, i) => i).sort((i, j) => edges[j].rate - edges[i].rate)
  const dots: Dot[] = []
  for (const i of order) {
    const edge = edges[i]
    const count = dotsFor(edge.rate)
    if (dots.length + count > MAX_DOTS) break
    const phase = (seconds * speedFor(edge.rate)) % 1
    for (let k = 0; k < count; k++) {
      const t = (phase + k / count) % 1
      dots.push({ ...along(edge.source, edge.target, edge.mid, t), failing: edge.failing })
    }
  }
  return dots
}
