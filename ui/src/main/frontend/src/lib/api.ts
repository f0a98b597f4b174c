import type { Envelope, JaegerTrace, TraceAnalysis, TraceLogs } from './model'
import type { LokiResult } from './logs'
import type { ServiceRed } from './red'
import type { Window } from './timeRange'
import { authHeaders, sessionEnded } from './session'

/** A failed request, with a message a person can act on. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message)
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { signal, headers: { Accept: 'application/json', ...authHeaders() } })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(`Could not reach the Tracemate server (${path}): ${String(e)}`, 0)
  }
  const text = await response.text()
  let body: unknown
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    throw new ApiError(`${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
      response.status)
  }
  if (!response.ok) {
    const envelope = body as Partial<Envelope<unknown>> & { message?: string; error?: string | { message?: string } } | null
    const error = envelope?.error
    const detail = envelope?.errors?.[0]?.msg ?? envelope?.message ?? (typeof error === 'string' ? error : error?.message)
      ?? response.statusText
    if (response.status === 401) sessionEnded(`Sign in again: ${detail}`)
    throw new ApiError(`${path} failed (${response.status}): ${detail}`, response.status)
  }
  return body as T
}

const enc = encodeURIComponent

/** A window as the RED and topology APIs take it: epoch milliseconds. */
function windowQuery(window: Window): string {
  return `start=${Math.round(window.start)}&end=${Math.round(window.end)}`
}

export async function fetchServices(signal?: AbortSignal): Promise<string[]> {
  return ((await getJson<Envelope<string[] | null>>('/api/services', signal)).data ?? []).slice().sort()
}

export async function fetchOperations(service: string, signal?: AbortSignal): Promise<string[]> {
  const envelope = await getJson<Envelope<string[] | null>>(`/api/services/${enc(service)}/operations`, signal)
  return (envelope.data ?? []).slice().sort()
}

export async function searchTraces(params: URLSearchParams, signal?: AbortSignal): Promise<JaegerTrace[]> {
  return (await getJson<Envelope<JaegerTrace[] | null>>(`/api/traces?${params}`, signal)).data ?? []
}

export async function fetchTrace(traceID: string, signal?: AbortSignal): Promise<JaegerTrace> {
  const envelope = await getJson<Envelope<JaegerTrace[] | null>>(`/api/traces/${enc(traceID)}`, signal)
  const trace = envelope.data?.[0]
  if (trace === undefined) throw new ApiError(`Trace ${traceID} was not found`, 404)
  return trace
}

/** Traces whose ID starts with these hex digits (a short ID), at any time; at most {@code limit}. */
export async function findTracesByIdPrefix(prefix: string, limit: number, signal?: AbortSignal): Promise<JaegerTrace[]> {
  const params = new URLSearchParams({ traceIDPrefix: prefix, start: '0', limit: String(limit) })
  return (await getJson<Envelope<JaegerTrace[] | null>>(`/api/traces?${params}`, signal)).data ?? []
}

export async function fetchAnalysis(traceID: string, signal?: AbortSignal): Promise<TraceAnalysis> {
  return (await getJson<Envelope<TraceAnalysis>>(`/api/analysis/traces/${enc(traceID)}`, signal)).data
}

export async function fetchTraceLogs(traceID: string, spanID: string | null, signal?: AbortSignal): Promise<TraceLogs> {
  const query = spanID === null ? '' : `?spanID=${enc(spanID)}`
  return getJson<TraceLogs>(`/api/logs/trace/${enc(traceID)}${query}`, signal)
}

// --- Topology page (engineer T) ---
export async function fetchTopology(params: URLSearchParams, signal?: AbortSignal): Promise<import('./topology').Topology> {
  return getJson<import('./topology').Topology>(`/api/topology?${params}`, signal)
}

export async function fetchTopologyPaths(from: string, to: string, window: Window, signal?: AbortSignal): Promise<string[][]> {
  const query = `from=${enc(from)}&to=${enc(to)}&${windowQuery(window)}`
  return (await getJson<{ paths: string[][] | null }>(`/api/topology/paths?${query}`, signal)).paths ?? []
}

export async function fetchEdgeSeries(source: string, target: string, window: Window, step: string,
  signal?: AbortSignal): Promise<import('./topology').EdgeSeries> {
  const query = `source=${enc(source)}&target=${enc(target)}&${windowQuery(window)}&step=${enc(step)}`
  return getJson<import('./topology').EdgeSeries>(`/api/topology/edges/series?${query}`, signal)
}

// --- Logs and service pages (Loki API, RED API) ---

/** A Loki request that failed: Loki answers errors as plain text, shown verbatim with the query. */
export class LokiError extends ApiError {
  constructor(readonly query: string, readonly body: string, status: number) {
    super(`Loki answered ${status}: ${body}`, status)
  }
}

async function getLoki<T>(path: string, query: string, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    // categorize-labels (as Grafana asks): stream labels apart from each line's structured metadata.
    response = await fetch(path, { signal, headers: { Accept: 'application/json',
      'X-Loki-Response-Encoding-Flags': 'categorize-labels', ...authHeaders() } })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(`Could not reach the Tracemate server (${path}): ${String(e)}`, 0)
  }
  const text = await response.text()
  if (response.status === 401) sessionEnded(`Sign in again: ${text.trim() || response.statusText}`)
  if (!response.ok) throw new LokiError(query, text.trim() || response.statusText, response.status)
  try {
    return (JSON.parse(text) as { data: T }).data
  } catch {
    throw new LokiError(query, `the answer is not JSON: ${text.slice(0, 200)}`, response.status)
  }
}

export async function lokiQueryRange(query: string, startMillis: number, endMillis: number, limit: number,
  stepSeconds: number | null, signal?: AbortSignal): Promise<LokiResult> {
  const params = new URLSearchParams({ query, start: `${startMillis}000000`, end: `${endMillis}000000`,
    limit: String(limit), direction: 'backward' })
  if (stepSeconds !== null) params.set('step', String(stepSeconds))
  return getLoki<LokiResult>(`/loki/api/v1/query_range?${params}`, query, signal)
}

export async function lokiLabels(signal?: AbortSignal): Promise<string[]> {
  return (await getLoki<string[] | null>('/loki/api/v1/labels', '', signal)) ?? []
}

export async function lokiLabelValues(label: string, signal?: AbortSignal): Promise<string[]> {
  return (await getLoki<string[] | null>(`/loki/api/v1/label/${enc(label)}/values`, '', signal)) ?? []
}

/** The WebSocket URL of Loki's live tail for a log query, on the page's own server. */
export function lokiTailUrl(query: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}/loki/api/v1/tail?query=${enc(query)}`
}

/** One operation's RED summary from span metrics over the lookback (its "normal" for the trace view). */
export async function fetchOperationRed(service: string, operation: string, lookback: string,
  signal?: AbortSignal): Promise<import('./red').Red> {
  const query = `service=${enc(service)}&operation=${enc(operation)}&lookback=${enc(lookback)}`
  return (await getJson<{ summary: import('./red').Red }>(`/api/red/series?${query}`, signal)).summary
}

/** Every service's RED summary over the window (span metrics). */
export async function fetchServicesRed(window: Window, signal?: AbortSignal): Promise<{ service: string; red: import('./red').Red }[]> {
  return (await getJson<{ services: { service: string; red: import('./red').Red }[] | null }>(
    `/api/red/services?${windowQuery(window)}`, signal)).services ?? []
}

/** One service's RED over the window: summary, series by step, operations (with health) and instances. */
export async function fetchServiceRed(service: string, window: Window, step: string, signal?: AbortSignal): Promise<ServiceRed> {
  return getJson<ServiceRed>(`/api/red/services/${enc(service)}?${windowQuery(window)}&step=${enc(step)}`, signal)
}

/** A Loki log query with parameters already built (nanosecond start/end, direction): one page of a paged list. */
export async function lokiQueryRangeParams(params: URLSearchParams, signal?: AbortSignal): Promise<LokiResult> {
  return getLoki<LokiResult>(`/loki/api/v1/query_range?${params}`, params.get('query') ?? '', signal)
}
