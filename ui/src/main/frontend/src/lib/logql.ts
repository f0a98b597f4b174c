/**
 * LogQL completion inside a stream selector `{...}`: where the cursor is (a label name or a label value), what
 * to offer, and how to insert a choice. Pure functions, no I/O: the page fetches labels and values.
 */

/** What the cursor is on, with the span of text a chosen completion replaces. */
export type CompletionContext =
  | { kind: 'label-name'; prefix: string; from: number; to: number }
  | { kind: 'label-value'; label: string; prefix: string; from: number; to: number; quoted: boolean }

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*$/
const PARTIAL_NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)?$/

/**
 * The completion context at {@code cursor}, or null outside a selector (line filters, pipeline stages,
 * after an operator but in a regex, ...). Quoted strings outside braces are skipped so that a `{` inside a
 * line filter does not open a selector.
 */
export function completionContext(text: string, cursor: number): CompletionContext | null {
  let inBraces = false
  let quote: string | null = null
  let segmentStart = 0
  let valueStart = 0
  const end = Math.min(cursor, text.length)
  for (let i = 0; i < end; i++) {
    const c = text[i]
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
      continue
    }
    if (c === '"' || c === '`') {
      quote = c
      valueStart = i + 1
    } else if (c === '{' && !inBraces) {
      inBraces = true
      segmentStart = i + 1
    } else if (c === '}' && inBraces) {
      inBraces = false
    } else if (c === ',' && inBraces) {
      segmentStart = i + 1
    }
  }
  if (!inBraces) return null
  if (quote !== null) {
    const matcher = MATCHER.exec(text.slice(segmentStart, valueStart - 1))
    if (matcher === null) return null
    const closing = closingQuote(text, end, quote)
    return { kind: 'label-value', label: matcher[1], prefix: text.slice(valueStart, end), from: valueStart,
      to: closing ?? end, quoted: true }
  }
  const segment = text.slice(segmentStart, end)
  const matcher = MATCHER.exec(segment)
  if (matcher !== null) return { kind: 'label-value', label: matcher[1], prefix: '', from: end, to: end, quoted: false }
  const partial = PARTIAL_NAME.exec(segment)
  if (partial === null) return null
  const prefix = partial[1] ?? ''
  let to = end
  while (to < text.length && /[A-Za-z0-9_]/.test(text[to])) to++
  return { kind: 'label-name', prefix, from: end - prefix.length, to }
}

function closingQuote(text: string, from: number, quote: string): number | null {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') i++
    else if (text[i] === quote) return i
  }
  return null
}

/** The candidates that start with the typed prefix (case-insensitive), in their order, at most {@code limit}. */
export function filterCandidates(candidates: readonly string[], prefix: string, limit = 50): string[] {
  const lower = prefix.toLowerCase()
  return candidates.filter((c) => c.toLowerCase().startsWith(lower) && c !== prefix).slice(0, limit)
}

/**
 * Inserts a chosen completion: a label name becomes `name=""` with the cursor between the quotes (unless an
 * operator already follows); a value is escaped as a LogQL string and closed.
 */
export function applyCompletion(text: string, context: CompletionContext, choice: string): { text: string; cursor: number } {
  const before = text.slice(0, context.from)
  const after = text.slice(context.to)
  if (context.kind === 'label-name') {
    if (/^\s*(=|!=|=~|!~)/.test(after)) return { text: before + choice + after, cursor: before.length + choice.length }
    return { text: `${before}${choice}=""${after}`, cursor: before.length + choice.length + 2 }
  }
  const escaped = choice.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  if (!context.quoted) {
    const inserted = `"${escaped}"`
    return { text: before + inserted + after, cursor: before.length + inserted.length }
  }
  const closed = after.startsWith('"') || after.startsWith('`') ? after : `"${after}`
  return { text: before + escaped + closed, cursor: before.length + escaped.length + 1 }
}

/** The leading stream selector of a log query (`{...}`), or null when the query does not start with one. */
export function streamSelector(query: string): string | null {
  const trimmed = query.trimStart()
  if (!trimmed.startsWith('{')) return null
  const context = completionContext(trimmed, trimmed.length)
  if (context !== null) return null // still open
  let quote: string | null = null
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === '`') quote = c
    else if (c === '}') return trimmed.slice(0, i + 1)
  }
  return null
}

/** True when a query is a log query (starts with a selector): only those have lines, a volume and a tail. */
export function isLogQuery(query: string): boolean {
  return query.trimStart().startsWith('{')
}

/** The volume query for a log query: its lines counted per step, summed over all streams. */
export function volumeQuery(logQuery: string, stepSeconds: number): string {
  return `sum(count_over_time(${logQuery.trim()} [${stepSeconds}s]))`
}
