/**
 * The alerts page's calls: Tracemate's /api/alerts and /api/alerts/history, and the silences in Alertmanager's
 * v2 shape (/api/v2/silences), whose errors are a JSON string rather than our {"error": {...}} object.
 */
import { ApiError } from './api'
import { apiFilterParams, type AlertFilters, type AlertHistory, type LiveAlert, type Silence, type SilenceRequest } from './alerts'
import { authHeaders, sessionEnded } from './session'
import type { Window } from './timeRange'

/** What a failed answer says: Alertmanager's JSON string, our {"error": {"message"}}, else the status text. */
export function errorDetail(text: string, statusText: string): string {
  try {
    const body = JSON.parse(text) as unknown
    if (typeof body === 'string') return body
    const error = (body as { error?: string | { message?: string } } | null)?.error
    if (typeof error === 'string') return error
    if (error?.message) return error.message
  } catch {
    // not JSON: the text itself
  }
  return text.trim() === '' ? statusText : text.trim().slice(0, 300)
}

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method, signal,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...authHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(`Could not reach the Tracemate server (${path}): ${String(e)}`, 0)
  }
  const text = await response.text()
  if (!response.ok) {
    const detail = errorDetail(text, response.statusText)
    if (response.status === 401) sessionEnded(`Sign in again: ${detail}`)
    throw new ApiError(`${method} ${path.split('?')[0]} failed (${response.status}): ${detail}`, response.status)
  }
  return (text === '' ? null : JSON.parse(text)) as T
}

export async function fetchAlerts(filters: AlertFilters, signal?: AbortSignal): Promise<LiveAlert[]> {
  return (await call<{ alerts: LiveAlert[] | null }>('GET', `/api/alerts?${apiFilterParams(filters)}`, undefined, signal))
    .alerts ?? []
}

export async function fetchAlertHistory(filters: AlertFilters, window: Window, limit: number,
  signal?: AbortSignal): Promise<AlertHistory> {
  const params = apiFilterParams(filters)
  params.set('start', String(Math.round(window.start)))
  params.set('end', String(Math.round(window.end)))
  params.set('limit', String(limit))
  return call<AlertHistory>('GET', `/api/alerts/history?${params}`, undefined, signal)
}

export async function fetchSilences(signal?: AbortSignal): Promise<Silence[]> {
  return (await call<Silence[] | null>('GET', '/api/v2/silences', undefined, signal)) ?? []
}

/** Creates a silence; its ID. */
export async function createSilence(request: SilenceRequest): Promise<string> {
  return (await call<{ silenceID: string }>('POST', '/api/v2/silences', request)).silenceID
}

/** Expires a silence now. */
export async function expireSilence(id: string): Promise<void> {
  await call<null>('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`)
}
