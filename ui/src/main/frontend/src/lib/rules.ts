/**
 * The Rules page's logic, as pure functions: where an editor's errors are, which rule the cursor is in, which
 * series of a rule have a learned baseline band, and how a preview's alert intervals are shaded. The wire types of
 * the rule APIs are here too (see lib/rulesApi.ts for the calls).
 */

/** One validation error of a group, at its place in the YAML the editor holds (line 0: no place). */
export interface RuleProblem {
  line: number
  column: number
  message: string
}

/** GET /api/rules/namespaces: which namespaces the API may change. */
export interface RuleNamespace {
  name: string
  readOnly: boolean
}

/** One rule of Prometheus' GET /api/v1/rules. */
export interface RuleState {
  name: string
  query: string
  type: 'alerting' | 'recording'
  /** Alerting rules: inactive, pending or firing. */
  state?: 'inactive' | 'pending' | 'firing'
  health: 'ok' | 'err' | 'unknown'
  lastError: string
  lastEvaluation: string
  evaluationTime: number
  duration?: number
  alerts?: { labels: Record<string, string>; state: string; activeAt: string; value: string }[]
}

/** One group of Prometheus' GET /api/v1/rules (file is the namespace). */
export interface RuleGroupState {
  name: string
  file: string
  interval: number
  rules: RuleState[]
  lastEvaluation: string
}

export type Labels = Record<string, string>

/** A series over the preview's range: [Unix ms, value as Prometheus writes it]. */
export interface PreviewSeriesValues {
  labels: Labels
  values: [number, string][]
}

export interface PreviewInterval {
  state: 'pending' | 'firing'
  start: number
  end: number
  ongoing: boolean
}

/** POST /api/rules/preview. */
export interface RulePreview {
  rule: { index: number; name: string; type: 'alerting' | 'recording'; expr: string; language: 'promql' | 'logql'; for: number; keepFiringFor: number }
  rules: { name: string; type: string }[]
  start: number
  end: number
  step: number
  evaluations: number
  seriesTotal: number
  series: (PreviewSeriesValues & { alert?: Labels; intervals: PreviewInterval[] })[]
  compared: { expr: string; threshold: string | null; series: PreviewSeriesValues[] } | null
  failures: { time: number; message: string }[]
}

/** A chart line: its name and [time, value] points (NaN and infinities left out). */
export interface PlotSeries {
  name: string
  labels: Labels
  points: [number, number][]
}

/**
 * The errors of a 400 from Loki's ruler API, which answers them as plain text joined by ", ", each starting with
 * `<namespace>:<line>:<column>: `. Split at those prefixes (a message may itself hold ", "); text without one is
 * one error with no place.
 */
export function problemsFromRulerText(text: string, namespace: string): RuleProblem[] {
  const body = text.trim()
  const escaped = namespace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const marker = new RegExp(`(?:^|, )${escaped}:(\\d+):(\\d+): `, 'g')
  const found: { index: number; end: number; line: number; column: number }[] = []
  for (let m = marker.exec(body); m !== null; m = marker.exec(body)) {
    found.push({ index: m.index, end: m.index + m[0].length, line: Number(m[1]), column: Number(m[2]) })
  }
  if (found.length === 0 || found[0].index !== 0) {
    return body === '' ? [] : [{ line: 0, column: 0, message: body.replace(new RegExp(`^${escaped}: `), '') }]
  }
  return found.map((f, i) => ({
    line: f.line,
    column: f.column,
    message: body.slice(f.end, i + 1 < found.length ? found[i + 1].index : body.length),
  }))
}

/**
 * The rule the cursor is in: rules are the items of the group's `rules:` list, each starting with a `- ` at the
 * indentation of the first; a line before the first rule means the first. {@code line} counts from 1.
 */
export function ruleIndexAt(yaml: string, line: number): number {
  const lines = yaml.split('\n')
  const rulesAt = lines.findIndex((l) => /^rules\s*:/.test(l))
  if (rulesAt < 0) return 0
  let indent = -1
  let index = -1
  for (let i = rulesAt + 1; i < lines.length && i < line; i++) {
    const item = /^(\s*)-(\s|$)/.exec(lines[i])
    if (item === null) continue
    if (indent < 0) indent = item[1].length
    if (item[1].length === indent) index++
  }
  return Math.max(0, index)
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset',
  'and', 'or', 'unless', 'atan2', 'inf', 'nan', 'start', 'end'])
const BAND = /:baseline_(upper|lower|mean)$/

/**
 * The series of a PromQL expression that may have a learned band: every metric name it selects, with a
 * `:baseline_upper`, `:baseline_lower` or `:baseline_mean` suffix taken off (so `x > x:baseline_upper` gives `x`).
 * Strings, label matchers, grouping lists, function names and durations are skipped.
 */
export function baselineCandidates(expr: string): string[] {
  // Strings and {...} matchers out first; then the label lists of by/without/on/ignoring/group_*.
  let text = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ').replace(/\{[^}]*\}/g, ' ')
  text = text.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ')
  const names: string[] = []
  // Numbers and durations (1m, 1e3, 0x1f) are matched whole so that their letters are not taken for names.
  for (const m of text.matchAll(/[0-9.][a-zA-Z0-9_.]*|[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = m[0]
    if (/^[0-9.]/.test(name)) continue
    const after = text.slice((m.index ?? 0) + name.length).trimStart()
    if (after.startsWith('(') || KEYWORDS.has(name.toLowerCase())) continue
    const base = name.replace(BAND, '')
    if (!names.includes(base)) names.push(base)
  }
  return names
}

/** A label set as Prometheus prints it, without the name: `{service_name="checkout"}`; `{}` when empty. */
export function labelText(labels: Labels): string {
  const parts = Object.keys(labels).filter((k) => k !== '__name__').sort().map((k) => `${k}="${labels[k]}"`)
  return `{${parts.join(', ')}}`
}

/** Two label sets name the same series once the name is set aside. */
export function sameSeries(a: Labels, b: Labels): boolean {
  return labelText(a) === labelText(b)
}

/** A series' points as numbers, without NaN and infinities (a line cannot be drawn through them). */
export function toPlot(series: PreviewSeriesValues): PlotSeries {
  const points: [number, number][] = []
  for (const [t, v] of series.values) {
    const value = Number(v)
    if (Number.isFinite(value)) points.push([t, value])
  }
  return { name: labelText(series.labels), labels: series.labels, points }
}

/**
 * What the preview's chart draws as lines: the compared side of a comparison when there is one (the rule's own
 * result only has the points where the condition held), else the rule's series.
 */
export function plottedSeries(preview: RulePreview): PlotSeries[] {
  const source = preview.compared !== null && preview.compared.series.length > 0 ? preview.compared.series : preview.series
  return source.map(toPlot)
}

/** One shaded stretch of the chart. */
export interface Shade {
  state: 'pending' | 'firing'
  start: number
  end: number
}

/**
 * The stretches to shade: every series' pending and firing intervals, merged per state where they overlap or touch
 * (one band per stretch however many series were in it). An interval that ends where it starts (pending only at
 * the last evaluation) is given one step, so it shows.
 */
export function shades(preview: RulePreview): Shade[] {
  const out: Shade[] = []
  for (const state of ['pending', 'firing'] as const) {
    const spans = preview.series.flatMap((s) => s.intervals.filter((i) => i.state === state))
      .map((i) => ({ start: i.start, end: Math.max(i.end, i.start + preview.step) }))
      .sort((a, b) => a.start - b.start)
    for (const span of spans) {
      const last = out.length > 0 && out[out.length - 1].state === state ? out[out.length - 1] : null
      if (last !== null && span.start <= last.end) last.end = Math.max(last.end, span.end)
      else out.push({ state, ...span })
    }
  }
  return out
}

/** A band drawn behind a line: upper and lower at the same times. */
export interface Band {
  labels: Labels
  points: [number, number, number][]
}

/**
 * The band of each plotted series from the `:baseline_upper` and `:baseline_lower` series of a range query:
 * matched to the plotted series by labels (name aside); a band whose series is not plotted is left out, unless
 * there is one line and one band (an aggregation's labels may differ from the band's).
 */
export function bands(plotted: PlotSeries[], upper: PreviewSeriesValues[], lower: PreviewSeriesValues[]): Band[] {
  const out: Band[] = []
  for (const up of upper) {
    const low = lower.find((l) => sameSeries(l.labels, up.labels))
    if (low === undefined) continue
    if (!plotted.some((p) => sameSeries(p.labels, up.labels)) && !(plotted.length === 1 && upper.length === 1)) continue
    const lows = new Map(low.values.map(([t, v]) => [t, Number(v)]))
    const points: [number, number, number][] = []
    for (const [t, v] of up.values) {
      const hi = Number(v)
      const lo = lows.get(t)
      if (lo !== undefined && Number.isFinite(hi) && Number.isFinite(lo)) points.push([t, lo, hi])
    }
    if (points.length > 0) out.push({ labels: up.labels, points })
  }
  return out
}

/** "would have fired 2 times" and the like, for the preview's summary line. */
export function previewSummary(preview: RulePreview): string {
  if (preview.rule.type === 'recording') {
    return `${preview.seriesTotal} series would have been recorded`
  }
  let fired = 0
  let pending = 0
  for (const s of preview.series) {
    for (const i of s.intervals) {
      if (i.state === 'firing') fired++
      else pending++
    }
  }
  if (fired === 0 && pending === 0) return 'would not have fired'
  if (fired === 0) return `would have been pending ${times(pending)}, never firing`
  return `would have fired ${times(fired)}`
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`
}

/** A new group's YAML, for "New group". */
export const NEW_GROUP = `name: my-group
kind: promql
interval: 1m
rules:
  - alert: HighErrorRate
    expr: >
      sum by (service_name) (rate(traces_span_metrics_calls_total{status_code="STATUS_CODE_ERROR"}[5m]))
      / sum by (service_name) (rate(traces_span_metrics_calls_total[5m])) > 0.05
    for: 5m
    labels:
      severity: page
    annotations:
      summary: "{{ $labels.service_name }} fails {{ $value | humanizePercentage }} of its calls"
`
