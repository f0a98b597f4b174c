/**
 * Pure logic of the alerts page: the /api/alerts, /api/alerts/history and silences JSON, alerts grouped by rule,
 * the history drawn as a timeline per alert, silences built from a form or an alert, and the page's filters kept in
 * the URL. No DOM here, so vitest covers it.
 */
import { lookbackMillis } from './timeRange'

export type AlertState = 'pending' | 'firing' | 'resolved'
export type HistoryState = AlertState | 'inactive'

export interface EvidenceLine {
  labels: Record<string, string>
  /** Epoch ms. */
  time: number
  line: string
}

/** One alert in force (/api/alerts). Times are epoch ms. */
export interface LiveAlert {
  tenant?: string
  namespace: string
  group: string
  name: string
  state: AlertState
  labels: Record<string, string>
  annotations: Record<string, string>
  activeAt: number
  firedAt: number | null
  resolvedAt: number | null
  value: number | null
  generatorUrl: string
  silenced: boolean
  evaluatedAt: number
  evidence: { logLines: EvidenceLine[]; traceIds: string[] }
}

/** One transition of the alert history (/api/alerts/history). */
export interface HistoryEntry {
  time: number
  tenant?: string
  namespace: string
  group: string
  name: string
  from: HistoryState | null
  state: HistoryState
  labels: Record<string, string>
  annotations: Record<string, string>
  value: number | null
  activeAt: number
  evidence: { logLines: number; traceIds: string[]; firstLine: string }
}

export interface AlertHistory {
  start: number
  end: number
  limit: number
  /** The answer stopped at the limit: older transitions in the range were left out. */
  limited: boolean
  entries: HistoryEntry[]
}

/** Alertmanager's matcher: name = value, != , =~ (regex), !~. */
export interface Matcher {
  name: string
  value: string
  isRegex: boolean
  isEqual: boolean
}

/** A silence as Alertmanager's v2 API answers it (times RFC 3339). */
export interface Silence {
  id: string
  status: { state: 'pending' | 'active' | 'expired' }
  updatedAt: string
  matchers: Matcher[]
  startsAt: string
  endsAt: string
  createdBy: string
  comment: string
}

/** What POST /api/v2/silences takes. */
export interface SilenceRequest {
  matchers: Matcher[]
  startsAt: string
  endsAt: string
  createdBy: string
  comment: string
}

const STATE_RANK: Record<HistoryState, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 }

/** The labels that name an alert, in one stable string (its identity within a rule). */
export function labelsKey(labels: Record<string, string>): string {
  return Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')
}

/** An alert's labels for a person: `name="value"` each, sorted, leaving out those named in {@code omit}. */
export function labelPairs(labels: Record<string, string>, omit: string[] = ['alertname']): string[] {
  return Object.keys(labels).filter((k) => !omit.includes(k)).sort().map((k) => `${k}="${labels[k]}"`)
}

/** One alerting rule's alerts on the page: its worst state first, its alerts firing, pending, resolved. */
export interface RuleAlerts {
  key: string
  tenant: string | null
  namespace: string
  group: string
  name: string
  worst: AlertState
  counts: Record<AlertState, number>
  alerts: LiveAlert[]
}

/** Alerts grouped by rule (tenant, namespace, group, name), the rules with firing alerts first, then by name. */
export function groupByRule(alerts: LiveAlert[]): RuleAlerts[] {
  const rules = new Map<string, RuleAlerts>()
  for (const alert of alerts) {
    const key = [alert.tenant ?? '', alert.namespace, alert.group, alert.name].join('\u0000')
    let rule = rules.get(key)
    if (rule === undefined) {
      rule = { key, tenant: alert.tenant ?? null, namespace: alert.namespace, group: alert.group, name: alert.name,
        worst: alert.state, counts: { firing: 0, pending: 0, resolved: 0 }, alerts: [] }
      rules.set(key, rule)
    }
    rule.alerts.push(alert)
    rule.counts[alert.state]++
    if (STATE_RANK[alert.state] < STATE_RANK[rule.worst]) rule.worst = alert.state
  }
  const sorted = [...rules.values()]
  for (const rule of sorted) {
    rule.alerts.sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || a.activeAt - b.activeAt
      || labelsKey(a.labels).localeCompare(labelsKey(b.labels)))
  }
  return sorted.sort((a, b) => STATE_RANK[a.worst] - STATE_RANK[b.worst] || a.name.localeCompare(b.name)
    || a.key.localeCompare(b.key))
}

/** When an alert's current state began: fired, resolved, or (pending) became active. */
export function stateSince(alert: LiveAlert): number {
  if (alert.state === 'resolved' && alert.resolvedAt !== null) return alert.resolvedAt
  if (alert.state === 'firing' && alert.firedAt !== null) return alert.firedAt
  return alert.activeAt
}

/** A stretch of one alert's history in one state, clipped to the window. */
export interface TimelineSegment {
  start: number
  end: number
  state: 'pending' | 'firing'
}

export interface TimelineRow {
  key: string
  name: string
  labels: Record<string, string>
  segments: TimelineSegment[]
  /** Transitions in the window, oldest first (the row's marks). */
  changes: HistoryEntry[]
}

/**
 * The history as one row per alert (rule and labels) over the window: stretches pending and firing, from each
 * transition to the next (an alert already pending or firing when the window starts begins there; one still so
 * stretches to the window's end). Rows with a firing stretch first, then by name; at most {@code maxRows}.
 */
export function timeline(entries: HistoryEntry[], window: { start: number; end: number }, maxRows = 30): TimelineRow[] {
  const rows = new Map<string, TimelineRow>()
  const ordered = [...entries].sort((a, b) => a.time - b.time)
  for (const entry of ordered) {
    const key = `${entry.tenant ?? ''}\u0000${entry.namespace}\u0000${entry.group}\u0000${labelsKey(entry.labels)}`
    let row = rows.get(key)
    if (row === undefined) {
      row = { key, name: entry.name, labels: entry.labels, segments: [], changes: [] }
      rows.set(key, row)
      if (entry.from === 'pending' || entry.from === 'firing') {
        row.segments.push({ start: window.start, end: entry.time, state: entry.from })
      }
    }
    const last = row.segments[row.segments.length - 1]
    if (last !== undefined && last.end === Number.POSITIVE_INFINITY) last.end = entry.time
    if (entry.state === 'pending' || entry.state === 'firing') {
      row.segments.push({ start: entry.time, end: Number.POSITIVE_INFINITY, state: entry.state })
    }
    row.changes.push(entry)
  }
  const out = [...rows.values()]
  for (const row of out) {
    row.segments = row.segments
      .map((s) => ({ ...s, start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) }))
      .filter((s) => s.end > s.start)
  }
  const fired = (row: TimelineRow) => row.segments.some((s) => s.state === 'firing')
  return out.sort((a, b) => Number(fired(b)) - Number(fired(a)) || a.name.localeCompare(b.name)
    || a.key.localeCompare(b.key)).slice(0, maxRows)
}

/** A matcher as Alertmanager writes it: severity="critical", pod=~"api-.*". */
export function matcherText(m: Matcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : (m.isEqual ? '=' : '!=')
  return `${m.name}${op}${JSON.stringify(m.value)}`
}

export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const
export type MatcherOp = (typeof MATCHER_OPS)[number]

export function opFlags(op: MatcherOp): { isRegex: boolean; isEqual: boolean } {
  return { isRegex: op === '=~' || op === '!~', isEqual: op === '=' || op === '=~' }
}

/** One row of the silence form. */
export interface MatcherRow {
  name: string
  op: MatcherOp
  value: string
}

/** The silence form's rows for one alert: each of its labels, equal (as Alertmanager's "Silence" button does). */
export function matcherRowsFor(labels: Record<string, string>): MatcherRow[] {
  return Object.keys(labels).sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, op: '=' as MatcherOp, value: labels[name] }))
}

export interface SilenceForm {
  rows: MatcherRow[]
  /** A duration such as 2h, 30m, 1d. */
  duration: string
  createdBy: string
  comment: string
}

export const SILENCE_DURATIONS = ['30m', '1h', '2h', '4h', '12h', '1d', '3d', '7d'] as const

/** The request a silence form makes, starting now; or what is wrong with the form, in words. */
export function silenceRequest(form: SilenceForm, nowMillis: number): SilenceRequest | string {
  const rows = form.rows.filter((r) => r.name.trim() !== '' || r.value !== '')
  if (rows.length === 0) return 'Add at least one matcher'
  for (const row of rows) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(row.name.trim())) return `"${row.name}" is not a label name`
  }
  if (rows.every((r) => r.value === '' && (r.op === '=' || r.op === '=~'))) {
    return 'At least one matcher must match a value (not only empty labels)'
  }
  const millis = lookbackMillis(form.duration.trim())
  if (millis === null) return `"${form.duration}" is not a duration (such as 30m, 2h or 1d)`
  if (form.createdBy.trim() === '') return 'Say who creates the silence'
  if (form.comment.trim() === '') return 'Say why (a comment is required)'
  return {
    matchers: rows.map((r) => ({ name: r.name.trim(), value: r.value, ...opFlags(r.op) })),
    startsAt: new Date(nowMillis).toISOString(),
    endsAt: new Date(nowMillis + millis).toISOString(),
    createdBy: form.createdBy.trim(),
    comment: form.comment.trim(),
  }
}

/** Silences active first, then pending, then expired; the newest change first within each. */
export function sortSilences(silences: Silence[]): Silence[] {
  const rank = { active: 0, pending: 1, expired: 2 }
  return [...silences].sort((a, b) => rank[a.status.state] - rank[b.status.state]
    || Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
}

/**
 * Where an alert's generator URL leads inside this UI: the log explorer (or another page) at the rule's query and
 * range, as a router location; null when it points elsewhere (another host), to be opened as it is.
 */
export function generatorRoute(generatorUrl: string, origin: string): { path: string; query: Record<string, string> } | null {
  let url: URL
  try {
    url = new URL(generatorUrl, origin)
  } catch {
    return null
  }
  if (url.origin !== origin) return null
  const query: Record<string, string> = {}
  url.searchParams.forEach((value, key) => { query[key] = value })
  return { path: url.pathname, query }
}

/** The page's filters, from and to its URL. */
export interface AlertFilters {
  alertname: string
  service: string
  /** Show resolved alerts too. */
  showResolved: boolean
}

type Query = Record<string, unknown>

function one(query: Query, key: string): string {
  const value = query[key]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

export function filtersFromQuery(query: Query): AlertFilters {
  return { alertname: one(query, 'alertname'), service: one(query, 'service'), showResolved: one(query, 'resolved') !== 'hide' }
}

/** Only what differs from the defaults, so that URLs stay short. */
export function queryFromFilters(filters: AlertFilters): Record<string, string> {
  const query: Record<string, string> = {}
  if (filters.alertname !== '') query.alertname = filters.alertname
  if (filters.service !== '') query.service = filters.service
  if (!filters.showResolved) query.resolved = 'hide'
  return query
}

/** The filter parameters of /api/alerts and /api/alerts/history. */
export function apiFilterParams(filters: AlertFilters): URLSearchParams {
  const params = new URLSearchParams()
  if (filters.alertname !== '') params.set('alertname', filters.alertname)
  if (filters.service !== '') params.set('service', filters.service)
  return params
}
