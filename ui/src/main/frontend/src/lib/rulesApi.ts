/**
 * The Rules page's calls: Prometheus' rules API for state and health, Loki's ruler API to read, save and delete
 * groups (YAML), ours for previews and which namespaces are read-only, and Prometheus' query_range for baseline
 * bands. Each call carries the session's headers (token, tenant). Validation errors come back as
 * {@link RuleProblemsError}, with each error's line.
 */
import { ApiError } from './api'
import { authHeaders, sessionEnded } from './session'
import { problemsFromRulerText, type PreviewSeriesValues, type RuleGroupState, type RuleNamespace, type RulePreview,
  type RuleProblem } from './rules'

/** A group the server would not take: every error, at its line. */
export class RuleProblemsError extends ApiError {
  constructor(readonly problems: RuleProblem[]) {
    super(problems.map((p) => (p.line > 0 ? `line ${p.line}: ${p.message}` : p.message)).join('\n'), 400)
  }
}

const enc = encodeURIComponent

async function call(method: string, path: string, init: { body?: string; contentType?: string; signal?: AbortSignal } = {}):
  Promise<{ status: number; text: string }> {
  let response: Response
  try {
    const headers: Record<string, string> = { Accept: 'application/json, application/yaml', ...authHeaders() }
    if (init.contentType !== undefined) headers['Content-Type'] = init.contentType
    response = await fetch(path, { method, headers, body: init.body, signal: init.signal })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(`Could not reach the Tracemate server (${path}): ${String(e)}`, 0)
  }
  const text = await response.text()
  if (response.status === 401) sessionEnded(`Sign in again: ${text.trim() || response.statusText}`)
  return { status: response.status, text }
}

/** The message of an error answer, whichever family's shape it has (ours, Prometheus', Loki's plain text). */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string | { message?: string } }
    if (typeof body.error === 'string') return body.error
    if (body.error?.message !== undefined) return body.error.message
  } catch {
    // plain text
  }
  return text.trim()
}

async function json<T>(method: string, path: string, init: { body?: string; contentType?: string; signal?: AbortSignal } = {}): Promise<T> {
  const { status, text } = await call(method, path, init)
  if (status < 200 || status >= 300) throw new ApiError(`${path.split('?')[0]} failed (${status}): ${errorMessage(text)}`, status)
  return JSON.parse(text) as T
}

/** Every group of the tenant with its rules' state, health and last evaluation. */
export async function fetchRuleGroups(signal?: AbortSignal): Promise<RuleGroupState[]> {
  const body = await json<{ data: { groups: RuleGroupState[] | null } }>('GET', '/prometheus/api/v1/rules', { signal })
  return body.data.groups ?? []
}

export async function fetchRuleNamespaces(signal?: AbortSignal): Promise<RuleNamespace[]> {
  return (await json<{ namespaces: RuleNamespace[] }>('GET', '/api/rules/namespaces', { signal })).namespaces
}

/** One group's YAML as the ruler API keeps it. */
export async function fetchGroupYaml(namespace: string, group: string, signal?: AbortSignal): Promise<string> {
  const path = `/loki/api/v1/rules/${enc(namespace)}/${enc(group)}`
  const { status, text } = await call('GET', path, { signal })
  if (status !== 200) throw new ApiError(`${path} failed (${status}): ${errorMessage(text)}`, status)
  return text
}

/** Creates or replaces (by name) a group of the namespace. */
export async function saveGroup(namespace: string, yaml: string): Promise<void> {
  const path = `/loki/api/v1/rules/${enc(namespace)}`
  const { status, text } = await call('POST', path, { body: yaml, contentType: 'application/yaml' })
  if (status === 400) throw new RuleProblemsError(problemsFromRulerText(text, namespace))
  if (status < 200 || status >= 300) throw new ApiError(`Saving failed (${status}): ${errorMessage(text)}`, status)
}

export async function deleteGroup(namespace: string, group: string): Promise<void> {
  const path = `/loki/api/v1/rules/${enc(namespace)}/${enc(group)}`
  const { status, text } = await call('DELETE', path)
  if (status < 200 || status >= 300) throw new ApiError(`Deleting failed (${status}): ${errorMessage(text)}`, status)
}

/** Previews rule {@code rule} of the group in {@code yaml} over [start, end] (Unix ms) at the group's interval. */
export async function previewRule(yaml: string, rule: number, start: number, end: number, signal?: AbortSignal): Promise<RulePreview> {
  const path = `/api/rules/preview?rule=${rule}&start=${Math.round(start)}&end=${Math.round(end)}`
  const { status, text } = await call('POST', path, { body: yaml, contentType: 'application/yaml', signal })
  if (status === 400) {
    const body = (() => {
      try {
        return JSON.parse(text) as { error?: { message?: string; errors?: RuleProblem[] } }
      } catch {
        return {}
      }
    })()
    throw new RuleProblemsError(body.error?.errors ?? [{ line: 0, column: 0, message: errorMessage(text) }])
  }
  if (status !== 200) throw new ApiError(`The preview failed (${status}): ${errorMessage(text)}`, status)
  return JSON.parse(text) as RulePreview
}

/** A PromQL range query, its series' times in Unix ms. */
export async function promQueryRange(query: string, start: number, end: number, stepMillis: number,
  signal?: AbortSignal): Promise<PreviewSeriesValues[]> {
  const params = new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: String(stepMillis / 1000) })
  const body = await json<{ data: { result: { metric: Record<string, string>; values: [number, string][] }[] } }>(
    'GET', `/prometheus/api/v1/query_range?${params}`, { signal })
  return body.data.result.map((r) => ({ labels: r.metric, values: r.values.map(([t, v]) => [Math.round(t * 1000), v]) }))
}
