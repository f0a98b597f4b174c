/**
 * "Where the time went" in one trace: the spans that dominate its critical path, each with how far it is from
 * its operation's normal (the p50 that span metrics measured on every span of that service and operation).
 * Pure functions; the trace page fetches the normals.
 */
import { criticalTimeBySpan } from './criticalPath'
import { formatDuration } from './format'
import type { CriticalPathSegment } from './model'
import type { SpanNode, SpanTree } from './spanTree'

/** A span holding a large part of the critical path. */
export interface DominantSpan {
  node: SpanNode
  /** Microseconds of this span alone on the critical path (its children's share excluded). */
  criticalTime: number
  /** criticalTime / trace duration. */
  share: number
}

/**
 * The spans holding at least {@code minShare} of the trace's duration on its critical path, largest first, at
 * most {@code max}. When none does (time spread thin), the single largest one, so there is always an answer.
 */
export function dominantSpans(tree: SpanTree, path: readonly CriticalPathSegment[], minShare = 0.2, max = 3): DominantSpan[] {
  const duration = tree.endTime - tree.startTime
  if (!(duration > 0) || path.length === 0) return []
  const ranked: DominantSpan[] = []
  for (const [spanID, criticalTime] of criticalTimeBySpan(path)) {
    const node = tree.byId.get(spanID)
    if (node !== undefined && criticalTime > 0) ranked.push({ node, criticalTime, share: criticalTime / duration })
  }
  ranked.sort((a, b) => b.criticalTime - a.criticalTime)
  const big = ranked.filter((d) => d.share >= minShare).slice(0, max)
  return big.length > 0 ? big : ranked.slice(0, 1)
}

/** How many times its normal a duration is: micros against a p50 in milliseconds; null without a usable normal. */
export function baselineRatio(durationMicros: number, p50Millis: number | null | undefined): number | null {
  if (p50Millis === null || p50Millis === undefined || !Number.isFinite(p50Millis) || p50Millis <= 0) return null
  return durationMicros / (p50Millis * 1000)
}

/** "480×", "3.2×", "0.9×". */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`
}

/**
 * The callout's sentence: "SELECT orders.audit_log: 4.35s on the critical path, 480× its p50 of 9ms". Without a
 * normal it still says where the time went.
 */
export function describeDominant(dominant: DominantSpan, p50Millis: number | null | undefined): string {
  const name = dominant.node.span.operationName
  const onPath = `${name}: ${formatDuration(dominant.criticalTime)} on the critical path (${Math.round(dominant.share * 100)}% of the trace)`
  const ratio = baselineRatio(dominant.node.span.duration, p50Millis)
  if (ratio === null) return onPath
  const normal = formatDuration((p50Millis as number) * 1000)
  if (ratio < 1.5) return `${onPath}, as usual (p50 ${normal})`
  return `${onPath}, ${formatRatio(ratio)} its p50 of ${normal}`
}
