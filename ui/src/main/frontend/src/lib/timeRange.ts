/**
 * The time range every page shares: the `lookback` URL parameter (a relative preset such as 15m) is carried from
 * page to page by the header's links, and every page offers the same presets. Pure functions.
 */

/** The presets every page's range selector offers (span metrics and the topology keep 24 h; traces and logs more). */
export const TIME_PRESETS = ['5m', '15m', '30m', '1h', '3h', '6h', '12h', '24h', '2d', '7d'] as const

/** The query to carry to another page: the current relative range, when there is one. */
export function carriedRange(query: Record<string, unknown>): Record<string, string> {
  const lookback = query.lookback
  return typeof lookback === 'string' && /^\d+[smhd]$/.test(lookback) ? { lookback } : {}
}

/** A page's presets, with the current value kept selectable when a link brought another one (a 2d from Logs). */
export function presetsWith(current: string, presets: readonly string[] = TIME_PRESETS): string[] {
  return presets.includes(current) || !/^\d+[smhd]$/.test(current) ? [...presets] : [...presets, current]
}
