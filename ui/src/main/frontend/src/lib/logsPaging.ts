/**
 * Paging through a log query's results beyond one Loki answer (a server returns at most
 * `logs.query.max-entries`, 5,000 by default), with the technique of Loki's own logcli: repeat the query with
 * the range moved to the last line received. The next page overlaps the last one by that line's nanosecond —
 * on purpose, so that lines sharing its timestamp that the page limit cut off are not lost — and the overlap is
 * removed again by {@link appendPage}. Pure functions.
 */
import type { LogRow } from './logs'

export type Direction = 'backward' | 'forward'

/** Most lines one further page asks for: Loki's default max_entries_limit_per_query. */
export const PAGE_SIZE = 5000
/** Most lines the page keeps in memory; beyond this it stops paging and says so. */
export const MAX_LOADED_LINES = 200_000

/** A query range in nanoseconds since the epoch (strings: they exceed 2^53). */
export interface NanoRange { startNs: string; endNs: string }

/** Milliseconds as Loki's nanosecond timestamp string. */
export function millisToNs(millis: number): string {
  return `${Math.trunc(millis)}000000`
}

/**
 * The query_range parameters of the page after the one ending with the line at {@code lastNs}. Backward (newest
 * first): `end` = lastNs + 1 ns, because Loki's end is exclusive and lines at lastNs may remain. Forward (oldest
 * first): `start` = lastNs, inclusive. The other bound stays the original range's.
 */
export function nextPageParams(query: string, range: NanoRange, direction: Direction, lastNs: string,
  pageSize = PAGE_SIZE): URLSearchParams {
  const start = direction === 'forward' ? lastNs : range.startNs
  const end = direction === 'backward' ? (BigInt(lastNs) + 1n).toString() : range.endNs
  return new URLSearchParams({ query, start, end, limit: String(pageSize), direction })
}

const sameLine = (a: LogRow, b: LogRow) => a.ns === b.ns && a.line === b.line && sameLabels(a.labels, b.labels)

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

/**
 * The rows loaded so far followed by a new page, without the page's lines already loaded: at the boundary the
 * page repeats the lines carrying the last loaded timestamp. Each repeated line is dropped once per occurrence
 * (two identical lines logged at the same nanosecond both stay). {@code added} counts the page's new lines.
 */
export function appendPage(loaded: readonly LogRow[], page: readonly LogRow[]): { rows: LogRow[]; added: number } {
  if (loaded.length === 0) return { rows: [...page], added: page.length }
  const boundaryNs = loaded[loaded.length - 1].ns
  const atBoundary: LogRow[] = []
  for (let i = loaded.length - 1; i >= 0 && loaded[i].ns === boundaryNs; i--) atBoundary.push(loaded[i])
  const fresh: LogRow[] = []
  for (const row of page) {
    const seen = row.ns === boundaryNs ? atBoundary.findIndex((b) => sameLine(b, row)) : -1
    if (seen >= 0) atBoundary.splice(seen, 1)
    else fresh.push(row)
  }
  return { rows: fresh.length === 0 ? [...loaded] : loaded.concat(fresh), added: fresh.length }
}

/** Where paging stands: more may come, a page is on its way, everything is loaded, the cap is hit, or a page failed. */
export type PagingState =
  | { state: 'more' }
  | { state: 'loading' }
  | { state: 'done' }
  | { state: 'capped' }
  | { state: 'error'; message: string }

/**
 * The state after a page of {@code received} lines (asked with {@code limit}) added {@code added} new ones:
 * a short page means the range is exhausted; a full page adding nothing means every line left shares one
 * timestamp the limit cannot get past, so paging stops rather than loop.
 */
export function stateAfterPage(received: number, limit: number, added: number, loadedCount: number,
  cap = MAX_LOADED_LINES): PagingState {
  if (loadedCount >= cap) return { state: 'capped' }
  if (received < limit || added === 0) return { state: 'done' }
  return { state: 'more' }
}

/** The status line under the list: "12,000 lines loaded · loading more…". */
export function pagingSummary(loaded: number, paging: PagingState, cap = MAX_LOADED_LINES): string {
  const count = `${loaded.toLocaleString('en-US')} ${loaded === 1 ? 'line' : 'lines'} loaded`
  switch (paging.state) {
    case 'more': return `${count} · scroll down for more`
    case 'loading': return `${count} · loading more…`
    case 'done': return `${count} · all loaded`
    case 'capped': return `${count} · cap of ${cap.toLocaleString('en-US')} lines reached: narrow the query or the time range`
    case 'error': return `${count} · the next page failed: ${paging.message}`
  }
}

/** Whether a list scrolled to {@code scrollTop} is close enough to its end to fetch the next page. */
export function nearEnd(scrollTop: number, viewHeight: number, scrollHeight: number, threshold = 2000): boolean {
  return scrollTop + viewHeight >= scrollHeight - threshold
}
