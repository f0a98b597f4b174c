import type { Envelope, JaegerTrace, TraceAnalysis, TraceLogs } from './model'

/** A failed request, with a message a person can act on. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message)
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { signal, headers: { Accept: 'application/json' } })
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
    const envelope = body as Partial<Envelope<unknown>> & { message?: string; error?: string } | null
    const detail = envelope?.errors?.[0]?.msg ?? envelope?.message ?? envelope?.error ?? response.statusText
    throw new ApiError(`${path} failed (${response.status}): ${detail}`, response.status)
  }
  return body as T
}

const enc = encodeURIComponent

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

export async function fetchAnalysis(traceID: string, signal?: AbortSignal): Promise<TraceAnalysis> {
  return (await getJson<Envelope<TraceAnalysis>>(`/api/analysis/traces/${enc(traceID)}`, signal)).data
}

export async function fetchTraceLogs(traceID: string, spanID: string | null, signal?: AbortSignal): Promise<TraceLogs> {
  const query = spanID === null ? '' : `?spanID=${enc(spanID)}`
  return getJson<TraceLogs>(`/api/logs/trace/${enc(traceID)}${query}`, signal)
}
