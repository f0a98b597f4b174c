import type { JaegerTrace } from './model'
import { isErrorSpan, parentSpanId } from './spanTree'

/** One row of the search results. */
export interface TraceSummary {
  traceID: string
  /** "service: operation" of the root span (the earliest span without a parent in the trace). */
  name: string
  services: { name: string; spans: number; errors: number }[]
  spanCount: number
  errorCount: number
  startTime: number
  duration: number
}

export function summarizeTrace(trace: JaegerTrace): TraceSummary {
  const ids = new Set(trace.spans.map((span) => span.spanID))
  const serviceOf = (processID: string) => trace.processes[processID]?.serviceName ?? 'unknown'
  const services = new Map<string, { name: string; spans: number; errors: number }>()
  let start = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY
  let errorCount = 0
  let root = trace.spans[0]
  for (const span of trace.spans) {
    const name = serviceOf(span.processID)
    const entry = services.get(name) ?? { name, spans: 0, errors: 0 }
    entry.spans++
    const error = isErrorSpan(span)
    if (error) {
      entry.errors++
      errorCount++
    }
    services.set(name, entry)
    start = Math.min(start, span.startTime)
    end = Math.max(end, span.startTime + span.duration)
    const parent = parentSpanId(span)
    const isRoot = parent === null || !ids.has(parent)
    const rootIsRoot = root !== undefined && (parentSpanId(root) === null || !ids.has(parentSpanId(root) as string))
    if (isRoot && (!rootIsRoot || span.startTime < root.startTime)) root = span
  }
  return {
    traceID: trace.traceID,
    name: root === undefined ? '(no spans)' : `${serviceOf(root.processID)}: ${root.operationName}`,
    services: [...services.values()].sort((a, b) => b.spans - a.spans || a.name.localeCompare(b.name)),
    spanCount: trace.spans.length,
    errorCount,
    startTime: trace.spans.length === 0 ? 0 : start,
    duration: trace.spans.length === 0 ? 0 : end - start,
  }
}
