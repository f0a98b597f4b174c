import type { JaegerSpan, JaegerTag, JaegerTrace } from './model'

/** A span for tests: parent '' means a root; times in microseconds. */
export function span(id: string, parent: string, start: number, duration: number, opts: {
  process?: string; tags?: JaegerTag[]; name?: string; traceID?: string
} = {}): JaegerSpan {
  const traceID = opts.traceID ?? 'abc'
  return {
    traceID,
    spanID: id,
    operationName: opts.name ?? `op-${id}`,
    references: parent === '' ? [] : [{ refType: 'CHILD_OF', traceID, spanID: parent }],
    startTime: start,
    duration,
    tags: opts.tags ?? [],
    logs: [],
    processID: opts.process ?? 'p1',
  }
}

export function trace(spans: JaegerSpan[]): JaegerTrace {
  return {
    traceID: 'abc',
    spans,
    processes: { p1: { serviceName: 'frontend', tags: [] }, p2: { serviceName: 'order-service', tags: [] } },
  }
}
