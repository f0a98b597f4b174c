import type { CriticalPathSegment } from './model'

/** A piece of a bar on the critical path, as fractions (0..1) of the visible time window. */
export interface BarSegment {
  left: number
  width: number
}

/**
 * Groups the critical path's segments by span and maps them into the visible window [viewStart, viewEnd]
 * (microseconds): segments outside are dropped, segments crossing an edge are clipped. Segments of one span
 * that touch are merged so a bar draws one highlight, not a stack of slivers.
 */
export function criticalSegmentsBySpan(
  path: CriticalPathSegment[], viewStart: number, viewEnd: number,
): Map<string, BarSegment[]> {
  const span = viewEnd - viewStart
  const result = new Map<string, BarSegment[]>()
  if (!(span > 0)) return result
  const sorted = [...path].sort((a, b) => a.startTime - b.startTime)
  for (const segment of sorted) {
    const start = Math.max(segment.startTime, viewStart)
    const end = Math.min(segment.endTime, viewEnd)
    if (end < start || (end === start && segment.endTime > segment.startTime)) continue
    const piece = { left: (start - viewStart) / span, width: (end - start) / span }
    const list = result.get(segment.spanID) ?? []
    const last = list[list.length - 1]
    if (last !== undefined && Math.abs(last.left + last.width - piece.left) < 1e-9) {
      last.width += piece.width
    } else {
      list.push(piece)
    }
    result.set(segment.spanID, list)
  }
  return result
}

/** The position of a bar in the window as fractions, clipped to it; at least `minWidth` wide so it stays visible. */
export function barPosition(
  start: number, duration: number, viewStart: number, viewEnd: number, minWidth = 0.002,
): BarSegment {
  const span = viewEnd - viewStart
  if (!(span > 0)) return { left: 0, width: 1 }
  const left = Math.min(1, Math.max(0, (start - viewStart) / span))
  const right = Math.min(1, Math.max(0, (start + duration - viewStart) / span))
  return { left: Math.min(left, 1 - minWidth), width: Math.max(minWidth, right - left) }
}
