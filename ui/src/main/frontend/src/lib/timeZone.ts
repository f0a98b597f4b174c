/**
 * Times are shown in the browser's local zone or in UTC: the person's choice, saved in this browser (like the
 * theme), applied to every time the UI writes or reads (axes, tooltips, timestamps, the time-range inputs). The
 * formatting and parsing functions take the zone as an argument so that they stay pure; the shared ref holds the
 * choice. Links carry epoch times, so a shared link means the same instants in every zone.
 */
import { ref, watch } from 'vue'

export type TimeZone = 'local' | 'utc'
const KEY = 'tracemate.timezone'

export function initialTimeZone(saved: string | null): TimeZone {
  return saved === 'utc' ? 'utc' : 'local'
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null
  }
}

export const timeZone = ref<TimeZone>(initialTimeZone(typeof localStorage === 'undefined' ? null : readSaved()))

watch(timeZone, (value) => {
  try {
    localStorage.setItem(KEY, value)
  } catch {
    // private mode: the choice lasts this page
  }
})

interface Parts { year: number; month: number; day: number; hour: number; minute: number; second: number; milli: number }

function parts(millis: number, zone: TimeZone): Parts {
  const d = new Date(millis)
  return zone === 'utc'
    ? { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
      minute: d.getUTCMinutes(), second: d.getUTCSeconds(), milli: d.getUTCMilliseconds() }
    : { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(),
      second: d.getSeconds(), milli: d.getMilliseconds() }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** "14:03:27" in the zone. */
export function formatClock(millis: number, zone: TimeZone = timeZone.value): string {
  if (!Number.isFinite(millis)) return ''
  const p = parts(millis, zone)
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/** "2026-12-06" in the zone. */
export function formatDate(millis: number, zone: TimeZone = timeZone.value): string {
  if (!Number.isFinite(millis)) return ''
  const p = parts(millis, zone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** "2026-12-06 14:03:27", with ".123" when {@code withMillis}. */
export function formatDateTime(millis: number, zone: TimeZone = timeZone.value, withMillis = false): string {
  if (!Number.isFinite(millis)) return ''
  const p = parts(millis, zone)
  return `${formatDate(millis, zone)} ${formatClock(millis, zone)}${withMillis ? `.${pad(p.milli, 3)}` : ''}`
}

/** How the zone is named next to times: "UTC", or the browser's zone ("Europe/Zurich") for local. */
export function zoneName(zone: TimeZone = timeZone.value): string {
  if (zone === 'utc') return 'UTC'
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time'
  } catch {
    return 'local time'
  }
}

/**
 * A date and time typed in the zone: "2026-12-06 14:03", "2026-12-06 14:03:27", "2026-12-06T14:03:27.5", or
 * "2026-12-06" (midnight); an ISO time with its own offset ("...Z", "...+01:00") means that instant wherever it
 * is typed. Epoch milliseconds, or null when the text is none of these or names a date that does not exist.
 */
export function parseDateTime(text: string, zone: TimeZone = timeZone.value): number | null {
  const trimmed = text.trim()
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(trimmed)
  if (match === null) {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
      const millis = Date.parse(trimmed)
      return Number.isNaN(millis) ? null : millis
    }
    return null
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((v) => (v === undefined ? 0 : Number(v)))
  const milli = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0'))
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null
  const millis = zone === 'utc'
    ? Date.UTC(year, month - 1, day, hour, minute, second, milli)
    : new Date(year, month - 1, day, hour, minute, second, milli).getTime()
  // 2026-02-31 rolls over into March: not a date.
  const back = parts(millis, zone)
  return back.day === day && back.month === month ? millis : null
}
