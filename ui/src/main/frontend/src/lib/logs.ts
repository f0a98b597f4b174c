/**
 * Loki answers turned into what the logs page draws: log rows (newest first) with their trace IDs, volume
 * bars, chart series; and the page's URL state. Pure functions.
 */

/**
 * A stream of a Loki answer. The optional third element of a value is the line's structured metadata: flat (older
 * answers) or, with the categorize-labels encoding flag, {@code {structuredMetadata: {...}, parsed: {...}}}.
 */
export interface LokiStream { stream: Record<string, string>; values: [string, string, LineExtras?][] }
type LineExtras = Record<string, string> | { structuredMetadata?: Record<string, string>; parsed?: Record<string, string> }

function metadataOf(extras: LineExtras | undefined): Record<string, string> {
  if (extras === undefined) return {}
  const categorized = extras as { structuredMetadata?: unknown; parsed?: unknown }
  if (typeof categorized.structuredMetadata === 'object' || typeof categorized.parsed === 'object') {
    return { ...(categorized.parsed as Record<string, string> | undefined),
      ...(categorized.structuredMetadata as Record<string, string> | undefined) }
  }
  return extras as Record<string, string>
}
export interface LokiSeries { metric: Record<string, string>; values?: [number, string][]; value?: [number, string] }
export type LokiResult =
  | { resultType: 'streams'; result: LokiStream[] }
  | { resultType: 'matrix'; result: LokiSeries[] }
  | { resultType: 'vector'; result: LokiSeries[] }

/** One log line as the list shows it. */
export interface LogRow {
  /** Nanoseconds since the epoch, as Loki sends them (a string: they exceed 2^53). */
  ns: string
  millis: number
  labels: Record<string, string>
  line: string
  traceId: string | null
  /** The stream's own labels (labels = stream + metadata); absent in rows made by hand. */
  stream?: Record<string, string>
  /** The entry's structured metadata. */
  metadata?: Record<string, string>
}

const TRACE_LABELS = ['trace_id', 'traceid', 'traceID', 'traceId']
const TRACE_IN_LINE = /\btrace_?id["']?\s*[=:]\s*["']?([0-9a-fA-F]{16,32})\b/i

/** The trace ID of a line: from its labels / structured metadata first, else from `trace_id=...` or JSON in it. */
export function extractTraceId(line: string, labels: Record<string, string> = {}): string | null {
  for (const name of TRACE_LABELS) {
    const value = labels[name]
    if (value !== undefined && /^[0-9a-fA-F]{1,32}$/.test(value)) return value.toLowerCase()
  }
  const match = TRACE_IN_LINE.exec(line)
  return match === null ? null : match[1].toLowerCase()
}

/** The line as a JSON object or array when it is one, else null. */
export function parseJsonLine(line: string): unknown {
  const trimmed = line.trim()
  if (!(trimmed.startsWith('{') && trimmed.endsWith('}')) && !(trimmed.startsWith('[') && trimmed.endsWith(']'))) return null
  try {
    return JSON.parse(trimmed)
  } catch {
    return null
  }
}

/** Streams flattened into rows, newest first (ties keep Loki's order). */
export function rowsFromStreams(streams: readonly LokiStream[]): LogRow[] {
  const rows: LogRow[] = []
  for (const stream of streams) {
    for (const [ns, line, extras] of stream.values) {
      const metadata = metadataOf(extras)
      const labels = Object.keys(metadata).length === 0 ? stream.stream : { ...stream.stream, ...metadata }
      rows.push({ ns, millis: Number(ns.slice(0, -6) || '0'), labels, line, traceId: extractTraceId(line, labels),
        stream: stream.stream, metadata })
    }
  }
  return rows.sort((a, b) => compareNs(b.ns, a.ns))
}

function compareNs(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0
}

/** Labels as one short string: `service_name=order-service level=warn`. */
export function compactLabels(labels: Record<string, string>, skip: readonly string[] = TRACE_LABELS): string {
  return Object.keys(labels).filter((k) => !skip.includes(k)).sort().map((k) => `${k}=${labels[k]}`).join(' ')
}

/** A volume bar: its bucket start and the number of lines in it. */
export interface Bar { startMillis: number; count: number }

/**
 * Volume bars for [start, end) in buckets of {@code stepMillis}: the points of a `sum(count_over_time(...))`
 * matrix fall into the bucket holding their timestamp (summed when several series come back); empty buckets
 * are zero so that gaps show.
 */
export function volumeBars(series: readonly LokiSeries[], startMillis: number, endMillis: number, stepMillis: number): Bar[] {
  const count = Math.max(1, Math.ceil((endMillis - startMillis) / stepMillis))
  const bars: Bar[] = Array.from({ length: count }, (_, i) => ({ startMillis: startMillis + i * stepMillis, count: 0 }))
  for (const s of series) {
    for (const [seconds, value] of s.values ?? []) {
      // A count_over_time point at t covers (t - step, t]: it belongs to the bucket ending at t.
      const index = Math.ceil((seconds * 1000 - startMillis) / stepMillis) - 1
      if (index >= 0 && index < count) bars[index].count += Number(value)
    }
  }
  return bars
}

/** A step (seconds) giving about {@code target} buckets over the range, rounded to a readable unit. */
export function chooseStep(rangeMillis: number, target = 60): number {
  const raw = rangeMillis / 1000 / target
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400]
  return steps.find((s) => s >= raw) ?? 86400
}

/** One line of a chart. */
export interface ChartSeries { name: string; points: [number, number][] }

/** Matrix or vector results as chart series (x in milliseconds); NaN values are dropped. */
export function chartSeries(result: LokiResult): ChartSeries[] {
  if (result.resultType === 'streams') return []
  return result.result.map((s) => ({
    name: Object.keys(s.metric).length === 0 ? '{}' : `{${Object.entries(s.metric).map(([k, v]) => `${k}="${v}"`).join(', ')}}`,
    points: (s.values ?? (s.value === undefined ? [] : [s.value]))
      .map(([t, v]) => [t * 1000, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)),
  }))
}

/** The logs page state as its URL holds it (the time range is the shared one, lib/timeRange.ts). */
export interface LogsForm { query: string; limit: number }

export function logsFormFromQuery(query: Record<string, unknown>): LogsForm {
  const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : '')
  const limit = Number(text('limit'))
  return {
    query: text('query'),
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 100_000) : 1000,
  }
}

export function queryFromLogsForm(form: LogsForm): Record<string, string> {
  return { query: form.query, limit: String(form.limit) }
}

/** Prefix sums of row heights: offsets[i] is the top of row i, offsets[n] the total height. */
export function rowOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1)
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + heightOf(i)
  return offsets
}

/** The rows [first, last) to render for a viewport at scrollTop, plus {@code margin} rows each side. */
export function visibleRows(offsets: Float64Array, scrollTop: number, viewHeight: number, margin: number): [number, number] {
  const count = offsets.length - 1
  // The first row whose bottom is below y (binary search over the prefix sums).
  const rowAt = (y: number) => {
    let lo = 0
    let hi = count
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (offsets[mid + 1] <= y) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return [Math.max(0, rowAt(scrollTop) - margin), Math.min(count, rowAt(scrollTop + viewHeight) + margin + 1)]
}

/**
 * The log explorer at one span: its service's lines carrying the span's trace and span IDs (structured metadata),
 * from a minute before the span to a minute after. Microsecond times, as Jaeger's JSON has them.
 */
export function spanLogsQuery(service: string, traceID: string, spanID: string, startMicros: number,
  durationMicros: number): Record<string, string> {
  const quote = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  const startMillis = Math.floor(startMicros / 1000) - 60_000
  const endMillis = Math.ceil((startMicros + durationMicros) / 1000) + 60_000
  return {
    query: `{service_name="${quote(service)}"} | trace_id="${traceID.toLowerCase().padStart(32, '0')}" | span_id="${spanID.toLowerCase()}"`,
    limit: '1000',
    start: String(startMillis),
    end: String(endMillis),
  }
}
