/**
 * The one set of unit formatters every page uses: durations (µs, or ms from the RED APIs), rates, ratios and
 * timestamps (in the chosen time zone, lib/timeZone.ts), so a figure reads the same on the topology, the service
 * pages, the search and the trace view. Pure functions.
 */
import { formatDateTime, timeZone, type TimeZone } from './timeZone'

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

/** Milliseconds (the RED and topology APIs' unit) in the same format as {@link formatDuration}: 850µs, 9ms, 4.42s. */
export function formatMillis(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–'
  return formatDuration(ms * 1000)
}

/** Requests per second, short: "12/s", "2.5/s", and per minute below 1/s ("5.0/min", "<0.1/min"). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–'
  if (rate === 0) return '0/s'
  if (rate < 1) {
    const perMinute = rate * 60
    return perMinute < 0.1 ? '<0.1/min' : `${perMinute.toFixed(perMinute < 10 ? 1 : 0)}/min`
  }
  return rate < 10 ? `${rate.toFixed(1)}/s` : `${Math.round(rate).toString()}/s`
}

/**
 * {@link formatRate} in one unit for a whole chart (its axis and tooltips): per minute when even the highest value
 * is below 1/s, else per second, so that an axis never mixes "30/min" and "1.0/s".
 */
export function rateFormatter(maxRate: number): (rate: number) => string {
  const perMinute = maxRate < 1
  return (rate) => {
    if (!Number.isFinite(rate)) return '–'
    if (rate === 0) return perMinute ? '0/min' : '0/s'
    const value = perMinute ? rate * 60 : rate
    return `${Number(value.toFixed(value < 10 ? 1 : 0))}${perMinute ? '/min' : '/s'}`
  }
}

/** A ratio as a percentage: "0%", "<0.1%", "3.2%", "45%". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–'
  const percent = ratio * 100
  return `${percent === 0 ? '0' : percent < 0.1 ? '<0.1' : percent.toFixed(percent < 10 ? 1 : 0)}%`
}

/** A start time in microseconds as wall-clock time with milliseconds, in the chosen zone. */
export function formatTimestamp(micros: number, zone: TimeZone = timeZone.value): string {
  return formatDateTime(micros / 1000, zone, true)
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
