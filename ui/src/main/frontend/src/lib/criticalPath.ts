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

/** Time (µs) each span spends on the critical path, by span ID. */
export function criticalTimeBySpan(path: readonly CriticalPathSegment[]): Map<string, number> {
  const times = new Map<string, number>()
  for (const segment of path) {
    times.set(segment.spanID, (times.get(segment.spanID) ?? 0) + Math.max(0, segment.endTime - segment.startTime))
  }
  return times
}

/**
 * The spans worth marking as on the critical path: those holding at least {@code minShare} of the trace's
 * duration on it. Every span of a sequential trace touches the path, so marking them all (a 200 µs JWT check in a
 * 5 s trace) would mark every row and say nothing.
 */
export function significantCriticalSpans(path: readonly CriticalPathSegment[], traceDuration: number,
  minShare = 0.01): Set<string> {
  const significant = new Set<string>()
  if (!(traceDuration > 0)) return significant
  for (const [spanID, time] of criticalTimeBySpan(path)) {
    if (time >= traceDuration * minShare) significant.add(spanID)
  }
  return significant
}
