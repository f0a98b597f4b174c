/**
 * The one time range every page shares, kept in the URL so that links and the back button carry it:
 * <ul>
 *   <li>relative: {@code lookback=15m} (the last 15 minutes, re-resolved at each load and auto-refresh);
 *   <li>absolute: {@code start=<epoch ms>&end=<epoch ms>} (a zoomed or typed range; the same instants in every
 *       time zone);
 *   <li>auto-refresh: {@code refresh=off|5s|10s|15s|30s|1m|5m|15m} (absent: the page's default).
 * </ul>
 * Older links still open: {@code lookback=custom} with {@code start}/{@code end} in microseconds (Jaeger's, the
 * search page's) or nanoseconds, or as local date-times (the log explorer's). Pure functions.
 */
import { formatDateTime, parseDateTime, zoneName, type TimeZone } from './timeZone'

export type TimeRange =
  | { kind: 'relative'; lookback: string }
  | { kind: 'absolute'; start: number; end: number }

/** Start and end in epoch milliseconds. */
export interface Window { start: number; end: number }

/** The presets every page's range control offers (span metrics and the topology keep 24 h; traces and logs more). */
export const TIME_PRESETS = ['5m', '15m', '30m', '1h', '3h', '6h', '12h', '24h', '2d', '7d'] as const

/** The auto-refresh choices; 'off' first. */
export const REFRESH_INTERVALS = ['off', '5s', '10s', '15s', '30s', '1m', '5m', '15m'] as const

/** The URL parameters this module owns: a page keeps every other parameter when the range changes. */
export const TIME_PARAMS = ['lookback', 'start', 'end', 'refresh'] as const

const UNIT_MILLIS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }
const UNIT_WORDS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' }
/** Ranges are at least a second long and at most 400 days (what any store here keeps is far less). */
const MIN_RANGE = 1000
const MAX_RANGE = 400 * 86400e3

/** "15m" → 900000; null when not a lookback (a whole number and one of s, m, h, d, w). */
export function lookbackMillis(lookback: string): number | null {
  const match = /^(\d{1,6})([smhdw])$/.exec(lookback)
  if (match === null) return null
  const millis = Number(match[1]) * UNIT_MILLIS[match[2]]
  return millis >= MIN_RANGE && millis <= MAX_RANGE ? millis : null
}

/** The shortest lookback naming exactly {@code millis}: 86400000 → "1d", 5400000 → "90m"; null below a second. */
export function lookbackFor(millis: number): string | null {
  if (!(millis >= MIN_RANGE) || !Number.isFinite(millis)) return null
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    if (millis % UNIT_MILLIS[unit] === 0) return `${millis / UNIT_MILLIS[unit]}${unit}`
  }
  return null
}

type Query = Record<string, unknown>

function first(query: Query, key: string): string | undefined {
  const value = query[key]
  const one = Array.isArray(value) ? value[0] : value
  return typeof one === 'string' ? one : undefined
}

/**
 * An epoch time from a URL: milliseconds; microseconds and nanoseconds (older links) by their size; else a
 * local date-time ("2026-12-06T14:03:27", the log explorer's older links).
 */
export function parseUrlTime(text: string): number | null {
  const trimmed = text.trim()
  if (/^\d{1,19}$/.test(trimmed)) {
    const n = Number(trimmed)
    if (n >= 1e17) return Math.floor(n / 1e6) // nanoseconds
    if (n >= 1e14) return Math.floor(n / 1e3) // microseconds
    return n
  }
  return parseDateTime(trimmed, 'local')
}

/** The range a URL names, or the page's default lookback when it names none (or nonsense). */
export function rangeFromQuery(query: Query, defaultLookback = '1h'): TimeRange {
  const startText = first(query, 'start')
  const endText = first(query, 'end')
  const lookback = first(query, 'lookback')
  if (startText !== undefined && startText !== '' && (lookback === undefined || lookback === 'custom' || lookback === '')) {
    const start = parseUrlTime(startText)
    // An older custom range could leave the end empty: up to now.
    const end = endText === undefined || endText === '' ? Date.now() : parseUrlTime(endText)
    if (start !== null && end !== null && end - start >= MIN_RANGE && end - start <= MAX_RANGE) {
      return { kind: 'absolute', start, end }
    }
  }
  if (lookback !== undefined && lookbackMillis(lookback) !== null) return { kind: 'relative', lookback }
  return { kind: 'relative', lookback: defaultLookback }
}

/** The URL parameters of a range. */
export function queryFromRange(range: TimeRange): Record<string, string> {
  return range.kind === 'relative'
    ? { lookback: range.lookback }
    : { start: String(Math.round(range.start)), end: String(Math.round(range.end)) }
}

/** {@code query} without the time parameters, then the range's (other parameters keep their order). */
export function withRange(query: Query, range: TimeRange): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(query)) {
    if ((TIME_PARAMS as readonly string[]).includes(key) && key !== 'refresh') continue
    const one = Array.isArray(value) ? value[0] : value
    if (typeof one === 'string') out[key] = one
  }
  return { ...out, ...queryFromRange(range) }
}

/**
 * The time parameters to carry to another page: the range when the URL names one, and the auto-refresh when it
 * was chosen. Nothing when the URL has no valid range (the next page then shows its default).
 */
export function carriedTime(query: Query): Record<string, string> {
  const out: Record<string, string> = {}
  const lookback = first(query, 'lookback')
  const hasStart = (first(query, 'start') ?? '') !== ''
  if (hasStart || (lookback !== undefined && lookbackMillis(lookback) !== null)) {
    Object.assign(out, queryFromRange(rangeFromQuery(query)))
  }
  const refresh = first(query, 'refresh')
  if (refresh !== undefined && (REFRESH_INTERVALS as readonly string[]).includes(refresh)) out.refresh = refresh
  return out
}

/** The window a range covers at {@code nowMillis}. */
export function resolveRange(range: TimeRange, nowMillis: number): Window {
  if (range.kind === 'absolute') return { start: range.start, end: range.end }
  return { start: nowMillis - (lookbackMillis(range.lookback) ?? 3600e3), end: nowMillis }
}

/** The range's length in milliseconds. */
export function rangeMillis(range: TimeRange): number {
  return range.kind === 'absolute' ? range.end - range.start : lookbackMillis(range.lookback) ?? 3600e3
}

/** "Last 15 minutes", "Last 1 hour", "Last 2 days". */
export function describeLookback(lookback: string): string {
  const match = /^(\d+)([smhdw])$/.exec(lookback)
  if (match === null) return lookback
  const n = Number(match[1])
  return `Last ${n} ${UNIT_WORDS[match[2]]}${n === 1 ? '' : 's'}`
}

/** The range as the control's button says it; absolute ranges in the zone, the end's date only when it differs. */
export function describeRange(range: TimeRange, zone: TimeZone): string {
  if (range.kind === 'relative') return describeLookback(range.lookback)
  const from = formatDateTime(range.start, zone)
  const to = formatDateTime(range.end, zone)
  const end = from.slice(0, 10) === to.slice(0, 10) ? to.slice(11) : to
  return `${from} → ${end}${zone === 'utc' ? ' UTC' : ''}`
}

/** A short phrase for sentences: "the last 15 minutes", "2026-12-06 14:00:00 → 14:30:00 (Europe/Zurich)". */
export function rangePhrase(range: TimeRange, zone: TimeZone): string {
  if (range.kind === 'relative') return describeLookback(range.lookback).replace(/^Last/, 'the last')
  return `${describeRange(range, zone).replace(/ UTC$/, '')} (${zoneName(zone)})`
}

/** Twice as long around the same centre (a relative range stays relative), never ending after now. */
export function zoomOut(range: TimeRange, nowMillis: number): TimeRange {
  if (range.kind === 'relative') {
    const doubled = lookbackFor(Math.min(MAX_RANGE, 2 * rangeMillis(range)))
    return doubled === null ? range : { kind: 'relative', lookback: doubled }
  }
  const length = range.end - range.start
  let end = range.end + length / 2
  let start = range.start - length / 2
  if (end > nowMillis) {
    start -= end - nowMillis
    end = nowMillis
  }
  return { kind: 'absolute', start: Math.round(start), end: Math.round(end) }
}

/**
 * Moved by half its length, earlier (-1) or later (+1). Moving later up to now gives back the relative range of
 * that length, so stepping back and forth returns to "the last N".
 */
export function shiftRange(range: TimeRange, direction: -1 | 1, nowMillis: number): TimeRange {
  const window = resolveRange(range, nowMillis)
  const length = window.end - window.start
  const delta = (direction * length) / 2
  if (direction > 0 && window.end + delta >= nowMillis - 1000) {
    const lookback = lookbackFor(Math.round(length / 1000) * 1000)
    if (lookback !== null) return { kind: 'relative', lookback }
  }
  return { kind: 'absolute', start: Math.round(window.start + delta), end: Math.round(window.end + delta) }
}

/** A zoom to [start, end] (any order), at least a second long. */
export function zoomTo(start: number, end: number): TimeRange {
  const from = Math.round(Math.min(start, end))
  const to = Math.round(Math.max(start, end))
  return { kind: 'absolute', start: from, end: Math.max(to, from + MIN_RANGE) }
}

/**
 * The range typed into the control's From and To boxes: date-times in the zone, or "now" and "now-15m" (Grafana's
 * way): "now-45m" to "now" is the relative range of the last 45 minutes. A message naming the box otherwise.
 */
export function parseRangeInput(fromText: string, toText: string, zone: TimeZone, nowMillis: number): TimeRange | string {
  const parse = (text: string, name: string): { millis: number; relative: string | null } | string => {
    const trimmed = text.trim()
    if (trimmed === 'now') return { millis: nowMillis, relative: '0' }
    const ago = /^now\s*-\s*(\S+)$/.exec(trimmed)
    if (ago !== null) {
      const millis = lookbackMillis(ago[1])
      return millis === null ? `${name} "${trimmed}": after now- comes a duration like 15m, 6h or 2d` : { millis: nowMillis - millis, relative: ago[1] }
    }
    const millis = parseDateTime(trimmed, zone)
    return millis === null
      ? `${name} "${trimmed}" is not a time: write 2026-12-06 14:30, 2026-12-06 14:30:15, now or now-1h`
      : { millis, relative: null }
  }
  const from = parse(fromText, 'From')
  if (typeof from === 'string') return from
  const to = parse(toText, 'To')
  if (typeof to === 'string') return to
  if (from.relative !== null && from.relative !== '0' && to.relative === '0') return { kind: 'relative', lookback: from.relative }
  if (to.millis - from.millis < MIN_RANGE) return 'From must be at least a second before To'
  if (to.millis - from.millis > MAX_RANGE) return 'The range is longer than 400 days'
  return { kind: 'absolute', start: from.millis, end: to.millis }
}

/** What the From and To boxes show for a range: "now-15m" / "now", or date-times in the zone. */
export function rangeInputs(range: TimeRange, zone: TimeZone): { from: string; to: string } {
  return range.kind === 'relative'
    ? { from: `now-${range.lookback}`, to: 'now' }
    : { from: formatDateTime(range.start, zone), to: formatDateTime(range.end, zone) }
}

/** The auto-refresh a URL asks for, else the page's default. */
export function refreshFromQuery(query: Query, pageDefault = 'off'): string {
  const refresh = first(query, 'refresh')
  return refresh !== undefined && (REFRESH_INTERVALS as readonly string[]).includes(refresh) ? refresh : pageDefault
}

/** Milliseconds between refreshes, or null for off. */
export function refreshMillis(refresh: string): number | null {
  return refresh === 'off' ? null : lookbackMillis(refresh)
}

const STEPS = ['15s', '30s', '1m', '2m', '5m', '10m', '15m', '30m', '1h', '2h', '6h', '12h', '1d']

/**
 * The RED step for a range: the smallest round step giving at most about 60 points (span metrics keep 15 s
 * slots for the last hour, so nothing finer than 15 s).
 */
export function stepFor(rangeMillisValue: number): string {
  return STEPS.find((step) => rangeMillisValue / (lookbackMillis(step) as number) <= 60) ?? '1d'
}

/** A page's presets, with the current value kept selectable when a link brought another one (a 45m). */
export function presetsWith(current: string, presets: readonly string[] = TIME_PRESETS): string[] {
  return presets.includes(current) || lookbackMillis(current) === null ? [...presets] : [...presets, current]
}
