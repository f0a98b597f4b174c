// Shapes of the server's JSON. Times are microseconds since the epoch, durations microseconds.

export interface JaegerTag {
  key: string
  type: string
  value: string | number | boolean
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM'
  traceID: string
  spanID: string
}

export interface JaegerLog {
  timestamp: number
  fields: JaegerTag[]
}

export interface JaegerSpan {
  traceID: string
  spanID: string
  operationName: string
  references: JaegerReference[]
  startTime: number
  duration: number
  tags: JaegerTag[]
  logs: JaegerLog[]
  processID: string
}

export interface JaegerProcess {
  serviceName: string
  tags: JaegerTag[]
}

export interface JaegerTrace {
  traceID: string
  spans: JaegerSpan[]
  processes: Record<string, JaegerProcess>
}

/** Jaeger's v1 envelope: {data, total, limit, offset, errors}. */
export interface Envelope<T> {
  data: T
  errors: { code: number; msg: string; traceID?: string }[] | null
}

export interface CriticalPathSegment {
  index: number
  spanID: string
  startTime: number
  endTime: number
}

export interface ServiceSummary {
  service: string
  calls: number
  errors: number
  totalTime: number
  selfTime: number
}

export interface TagCount {
  key: string
  value: string
  count: number
}

export interface ServiceTimeline {
  service: string
  activeTime: number
  ranges: [number, number][]
}

export interface AnalysisSpan {
  index: number
  spanID: string
  parent: number
  selfTime: number
  criticalPathTime: number
}

/** GET /api/analysis/traces/{traceID}. */
export interface TraceAnalysis {
  overview: {
    traceID: string
    startTime: number
    duration: number
    spanCount: number
    serviceCount: number
    errorCount: number
    depth: number
    rootCount: number
    orphanCount: number
  }
  spans: AnalysisSpan[]
  criticalPath: CriticalPathSegment[]
  services: ServiceSummary[]
  tags: { spanTags: TagCount[]; resourceTags: TagCount[]; httpStatuses: TagCount[]; errors: TagCount[] }
  timeline: ServiceTimeline[]
}

export interface LogEntry {
  timestamp: string
  stream: Record<string, string>
  line: string
  metadata: Record<string, string>
}

/** GET /api/logs/trace/{traceID}?spanID=. */
export interface TraceLogs {
  traceID: string
  spanID: string | null
  limit: number
  entries: LogEntry[]
}
