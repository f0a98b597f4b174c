/**
 * A JSON log line as a foldable tree: a pure model (built once per expanded line) and its visible lines given
 * which objects/arrays are folded. The log list draws one fixed-height line per visible line, so the row height
 * of an expanded log line is simply `visibleJsonLines(...).length` lines.
 */

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null'

/** One value of the tree. `path` identifies it within its line (`$`, `$.user`, `$.items[0]`). */
export interface JsonTreeNode {
  path: string
  /** The key in its parent object, the index in its parent array, or null for the root. */
  key: string | number | null
  depth: number
  kind: JsonKind
  /** A leaf's value as JSON text (strings quoted); '' for objects and arrays. */
  text: string
  /** The members of an object (in the line's order) or the elements of an array; empty for leaves. */
  children: JsonTreeNode[]
}

/** The tree of a parsed JSON value (anything JSON.parse returns). */
export function buildJsonTree(value: unknown, key: string | number | null = null, path = '$', depth = 0): JsonTreeNode {
  if (Array.isArray(value)) {
    return { path, key, depth, kind: 'array', text: '',
      children: value.map((v, i) => buildJsonTree(v, i, `${path}[${i}]`, depth + 1)) }
  }
  if (value !== null && typeof value === 'object') {
    return { path, key, depth, kind: 'object', text: '',
      children: Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => buildJsonTree(v, k, `${path}${memberPath(k)}`, depth + 1)) }
  }
  const kind: JsonKind = value === null ? 'null'
    : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'null'
  return { path, key, depth, kind, text: kind === 'null' ? 'null' : JSON.stringify(value), children: [] }
}

function memberPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

/**
 * One drawn line: an opening line of an object/array (foldable), its closing bracket, or a leaf. A folded
 * container is one line with a summary (`{…} 3 keys`).
 */
export interface JsonTreeLine {
  path: string
  depth: number
  key: string | number | null
  kind: JsonKind
  role: 'open' | 'close' | 'leaf'
  folded: boolean
  /** What follows the key: the leaf's value, `{`/`[`, `}`/`]`, or `{…}`/`[…]` when folded. */
  text: string
  /** For a folded or opening container: "3 keys", "1 item". */
  summary: string
}

/** The lines to draw when the containers whose paths are in {@code folded} are folded. Empty containers take one line. */
export function visibleJsonLines(root: JsonTreeNode, folded: ReadonlySet<string>): JsonTreeLine[] {
  const lines: JsonTreeLine[] = []
  const walk = (node: JsonTreeNode) => {
    const base = { path: node.path, depth: node.depth, key: node.key, kind: node.kind }
    if (node.kind !== 'object' && node.kind !== 'array') {
      lines.push({ ...base, role: 'leaf', folded: false, text: node.text, summary: '' })
      return
    }
    const [open, close] = node.kind === 'object' ? ['{', '}'] : ['[', ']']
    const summary = containerSummary(node)
    if (node.children.length === 0) {
      lines.push({ ...base, role: 'leaf', folded: false, text: open + close, summary: '' })
    } else if (folded.has(node.path)) {
      lines.push({ ...base, role: 'open', folded: true, text: `${open}…${close}`, summary })
    } else {
      lines.push({ ...base, role: 'open', folded: false, text: open, summary })
      node.children.forEach(walk)
      lines.push({ ...base, key: null, role: 'close', folded: false, text: close, summary: '' })
    }
  }
  walk(root)
  return lines
}

function containerSummary(node: JsonTreeNode): string {
  const n = node.children.length
  return node.kind === 'object' ? `${n} ${n === 1 ? 'key' : 'keys'}` : `${n} ${n === 1 ? 'item' : 'items'}`
}

/** The folded set with {@code path} folded if it was unfolded and vice versa (a new set: state stays immutable). */
export function toggleFold(folded: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(folded)
  if (next.has(path)) next.delete(path)
  else next.add(path)
  return next
}
