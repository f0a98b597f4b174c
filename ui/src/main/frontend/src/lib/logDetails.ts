/**
 * A log line's details pane: its fields in three groups (stream labels, structured metadata, fields parsed from
 * the line), its level, and the query edits behind "filter for" / "filter out". Pure functions.
 */
import { parseJsonLine } from './logs'

export type FieldSource = 'label' | 'metadata' | 'json' | 'logfmt'
export interface LogField { name: string; value: string; source: FieldSource }

/** Flattened JSON ({"a":{"b":1}} → a_b=1, as Loki's json parser names them) or logfmt pairs of a line. */
export function parsedFields(line: string): LogField[] {
  const json = parseJsonLine(line)
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const out: LogField[] = []
    const walk = (value: unknown, prefix: string) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
          walk(inner, prefix === '' ? sanitize(key) : `${prefix}_${sanitize(key)}`)
        }
      } else {
        out.push({ name: prefix, value: typeof value === 'string' ? value : JSON.stringify(value), source: 'json' })
      }
    }
    walk(json, '')
    return out
  }
  const out: LogField[] = []
  const pair = /(?:^|\s)([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g
  for (let m = pair.exec(line); m !== null; m = pair.exec(line)) {
    const raw = m[2]
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw
    out.push({ name: sanitize(m[1]), value, source: 'logfmt' })
  }
  return out
}

function sanitize(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, '_')
  return /^[0-9]/.test(clean) ? `_${clean}` : clean
}

/** An exception a line reports in its structured metadata (OpenTelemetry's exception.* attributes). */
export interface LineException { type: string; message: string; stacktrace: string }

/**
 * The exception of a line, from the OpenTelemetry names as structured metadata carries them (exception_type,
 * exception_message, exception_stacktrace; logback appenders and the OTel SDKs set them), or null without one.
 * The details pane shows it first, its stack trace a frame a line, instead of among the other fields.
 */
export function lineException(metadata: Record<string, string> | undefined): LineException | null {
  const type = metadata?.exception_type ?? ''
  const message = metadata?.exception_message ?? ''
  const stacktrace = metadata?.exception_stacktrace ?? ''
  return type === '' && message === '' && stacktrace === '' ? null : { type, message, stacktrace }
}

/** The level of a line for its colour: from labels or metadata, normalised; '' when unknown. */
export function lineLevel(labels: Record<string, string>): string {
  const raw = (labels.level ?? labels.detected_level ?? labels.severity ?? labels.severity_text ?? '').toLowerCase()
  const aliases: Record<string, string> = { warning: 'warn', err: 'error', critical: 'fatal', crit: 'fatal',
    panic: 'fatal', information: 'info', notice: 'info', dbg: 'debug' }
  return aliases[raw] ?? raw
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

/** Where a query's leading stream selector closes (index of its `}`), or -1; quoted text is skipped. */
function selectorEnd(query: string): number {
  const start = query.indexOf('{')
  if (start < 0 || query.slice(0, start).trim() !== '') return -1
  let inQuote: string | null = null
  for (let i = start + 1; i < query.length; i++) {
    const c = query[i]
    if (inQuote !== null) {
      if (c === '\\' && inQuote === '"') i++
      else if (c === inQuote) inQuote = null
    } else if (c === '"' || c === '`') {
      inQuote = c
    } else if (c === '}') {
      return i
    }
  }
  return -1
}

/**
 * The query with a filter for (op '=') or against (op '!=') one field of a line. A stream label filtered for goes
 * into the selector (the index finds it); everything else becomes a label filter stage, a parsed field after its
 * parser (added when the query has none). Metric queries and queries without a selector come back unchanged.
 */
export function withFieldFilter(query: string, field: LogField, op: '=' | '!='): string {
  const text = query.trim()
  const end = selectorEnd(text)
  if (end < 0) return query
  const matcher = `${field.name}${op}${quote(field.value)}`
  if (field.source === 'label' && op === '=') {
    const inside = text.slice(text.indexOf('{') + 1, end).trim()
    return `${text.slice(0, end).trimEnd()}${inside === '' ? '' : ', '}${matcher}${text.slice(end)}`
  }
  let out = text
  if (field.source === 'json' && !/\|\s*json\b/.test(out)) out += ' | json'
  if (field.source === 'logfmt' && !/\|\s*logfmt\b/.test(out)) out += ' | logfmt'
  return `${out} | ${matcher}`
}

/** The selector of exactly one stream (its labels), for "lines around this one". */
export function streamSelector(stream: Record<string, string>): string {
  return `{${Object.keys(stream).sort().map((k) => `${k}=${quote(stream[k])}`).join(', ')}}`
}

/** Recent queries first, no repeats, at most {@code max}. */
export function rememberQuery(history: readonly string[], query: string, max = 20): string[] {
  const trimmed = query.trim()
  if (trimmed === '') return [...history]
  return [trimmed, ...history.filter((q) => q !== trimmed)].slice(0, max)
}

/**
 * Roughly how many text lines a log line takes when wrapped at {@code charsPerLine}: the virtual list sizes rows
 * by it (explicit newlines count too).
 */
export function wrappedLines(line: string, charsPerLine: number): number {
  const width = Math.max(10, Math.floor(charsPerLine))
  return line.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / width)), 0)
}
