/**
 * Span search inside one trace: a query of space-separated terms, all of which must hold on a span.
 *
 * - `service:order-service`, `name:SELECT` (operation), `key=value` (an attribute, resource attribute or event
 *   field, exact value), `key` alone with `has:` (`has:db.statement`);
 * - `duration>100ms`, `duration<1ms`, `>4s` (durations as the search form writes them);
 * - `error` (failed spans);
 * - any other word matches, case-insensitively, the service, the operation, or any attribute value.
 *
 * Pure functions: the Gantt highlights the matches and steps through them.
 */
import { parseDuration } from './format'
import type { JaegerProcess } from './model'
import type { SpanNode, SpanTree } from './spanTree'

type Term = (node: SpanNode, process: JaegerProcess | undefined) => boolean

/** The terms of a query, or a message naming the first one that cannot be understood. */
export function parseSpanQuery(query: string): Term[] | string {
  const terms: Term[] = []
  for (const word of query.trim().split(/\s+/).filter((w) => w !== '')) {
    const term = parseTerm(word)
    if (typeof term === 'string') return term
    terms.push(term)
  }
  return terms
}

function parseTerm(word: string): Term | string {
  const lower = word.toLowerCase()
  const duration = /^(?:duration)?([<>])=?(.+)$/.exec(lower)
  if (duration) {
    const micros = parseDuration(duration[2])
    if (micros === null) return `"${word}": not a duration like 100ms, 1.5s or 2m`
    return duration[1] === '>' ? (node) => node.span.duration > micros : (node) => node.span.duration < micros
  }
  if (lower === 'error' || lower === 'is:error') return (node) => node.error
  const field = /^(service|name|op|operation|has):(.+)$/i.exec(word)
  if (field) {
    const value = field[2].toLowerCase()
    switch (field[1].toLowerCase()) {
      case 'service': return (node) => node.service.toLowerCase().includes(value)
      case 'has': return (node, process) => allTags(node, process).some((t) => t.key.toLowerCase() === value)
      default: return (node) => node.span.operationName.toLowerCase().includes(value)
    }
  }
  const pair = /^([^=\s]+)=(.*)$/.exec(word)
  if (pair) {
    const [, key, value] = pair
    return (node, process) => allTags(node, process).some((t) => t.key === key && String(t.value) === value)
  }
  return (node, process) => node.service.toLowerCase().includes(lower)
    || node.span.operationName.toLowerCase().includes(lower)
    || allTags(node, process).some((t) => String(t.value).toLowerCase().includes(lower))
}

function allTags(node: SpanNode, process: JaegerProcess | undefined) {
  return [...node.span.tags, ...(process?.tags ?? []), ...node.span.logs.flatMap((l) => l.fields)]
}

/** The keys of the spans matching every term, in tree order (the order next/previous steps through them). */
export function matchSpans(tree: SpanTree, processes: Record<string, JaegerProcess>, terms: Term[]): string[] {
  if (terms.length === 0) return []
  const out: string[] = []
  const stack = [...tree.roots].reverse()
  while (stack.length > 0) {
    const node = stack.pop() as SpanNode
    const process = processes[node.span.processID]
    if (terms.every((term) => term(node, process))) out.push(node.key)
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i])
  }
  return out
}

/** The match after (or before) the current one, wrapping around; the first when none is current. */
export function stepMatch(matches: readonly string[], current: string | null, direction: 1 | -1): string | null {
  if (matches.length === 0) return null
  const at = current === null ? -1 : matches.indexOf(current)
  if (at < 0) return direction === 1 ? matches[0] : matches[matches.length - 1]
  return matches[(at + direction + matches.length) % matches.length]
}

/** Every span on the way from the roots to a match (so a filtered view keeps the matches in their tree). */
export function withAncestors(tree: SpanTree, keys: readonly string[]): Set<string> {
  const parents = new Map<string, string>()
  for (const node of tree.byId.values()) for (const child of node.children) parents.set(child.key, node.key)
  const keep = new Set<string>()
  for (const key of keys) {
    for (let k: string | undefined = key; k !== undefined && !keep.has(k); k = parents.get(k)) keep.add(k)
  }
  return keep
}
