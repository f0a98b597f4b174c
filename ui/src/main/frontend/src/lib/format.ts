/** A duration in microseconds, at a precision a person reads at a glance: 850µs, 12.3ms, 1.25s, 2m 3s. */
export function formatDuration(micros: number): string {
  if (!Number.isFinite(micros) || micros < 0) return '–'
  if (micros < 1000) return `${Math.round(micros)}µs`
  const millis = micros / 1000
  if (millis < 1000) return `${trim(millis)}ms`
  const seconds = millis / 1000
  if (seconds < 60) return `${trim(seconds)}s`
  const minutes = Math.floor(seconds / 60)
  const rest = Math.round(seconds - minutes * 60)
  if (minutes < 60) return rest === 0 ? `${minutes}m` : `${minutes}m ${rest}s`
  const hours = Math.floor(minutes / 60)
  const restMinutes = minutes - hours * 60
  return restMinutes === 0 ? `${hours}h` : `${hours}h ${restMinutes}m`
}

/** Three significant digits at most, no trailing zeros: 12.3, 1.25, 250. */
function trim(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
  return String(Number(value.toFixed(digits)))
}

/**
 * Parses a duration as the search form and Jaeger's API write it ("150ms", "1.5s", "2m", "300us", "300µs");
 * returns microseconds or null when it is not one.
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/.exec(text)
  if (!match) return null
  const factor: Record<string, number> = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 }
  return Math.round(Number(match[1]) * factor[match[2]])
}

/** A start time in microseconds as local wall-clock time with milliseconds. */
export function formatTimestamp(micros: number): string {
  const date = new Date(micros / 1000)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}

/** How long ago, coarse: "just now", "5s ago", "3m ago", "2h ago", "4d ago". */
export function formatAgo(micros: number, nowMillis: number): string {
  const seconds = Math.max(0, Math.round((nowMillis - micros / 1000) / 1000))
  if (seconds < 2) return 'just now'
  if (seconds < 60) return `${seconds}s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`
  return `${Math.floor(seconds / 86400)}d ago`
}
