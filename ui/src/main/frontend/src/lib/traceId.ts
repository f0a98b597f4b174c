/**
 * Trace IDs in what people paste: a bare hex ID (1–32 digits, as Jaeger accepts), a W3C traceparent value or
 * header line (`traceparent: 00-…-…-01`, quoted or not), a B3 or log field (`X-B3-TraceId: …`, `trace_id=…`,
 * `"traceId": "…"`), or a URL containing /trace/{id} or traceID={id}.
 */

/** A trace ID found in pasted text: its hex digits as written (lowercase), and whether they are the whole ID. */
export interface FoundTraceId {
  hex: string
  /** 32 digits or a traceparent's ID: look it up as is. Fewer may be a 64-bit ID or the start of one (a short ID). */
  complete: boolean
}

const TRACEPARENT = /(?:^|[^0-9a-f])[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(?![0-9a-f])/i
const IN_URL = /(?:\/trace\/|traceI[dD]=)([0-9a-fA-F]{1,32})(?![0-9a-fA-F])/
const FIELD = /^[\w.-]*trace[\w.-]*["']?\s*[:=]\s*["']?([0-9a-fA-F]{1,32})["']?,?$/i

export function findTraceId(pasted: string): FoundTraceId | null {
  const text = pasted.trim()
  if (text === '') return null
  const traceparent = TRACEPARENT.exec(text)
  if (traceparent) return valid(traceparent[1], true)
  const inUrl = IN_URL.exec(text)
  if (inUrl) return valid(inUrl[1], inUrl[1].length === 32)
  const bare = text.replace(/^["']|["']$/g, '')
  if (/^[0-9a-fA-F]{1,32}$/.test(bare)) return valid(bare, bare.length === 32)
  const field = FIELD.exec(text.replace(/^["']/, ''))
  if (field) return valid(field[1], field[1].length === 32)
  return null
}

function valid(hex: string, complete: boolean): FoundTraceId | null {
  const lower = hex.toLowerCase()
  return /^0+$/.test(lower) ? null : { hex: lower, complete }
}

/** The trace ID in something pasted, as 32 lowercase hex digits (shorter IDs zero-padded, as Jaeger does), or null. */
export function parseTraceId(pasted: string): string | null {
  const found = findTraceId(pasted)
  return found === null ? null : found.hex.padStart(32, '0')
}

/**
 * The digits to search as the start of a trace ID when the ID as given (zero-padded) is not found: a short ID
 * copied from a list (seven or eight digits, as Jaeger UI and this UI show them). Null when the text held a whole ID.
 */
export function shortIdPrefix(pasted: string): string | null {
  const found = findTraceId(pasted)
  return found === null || found.complete ? null : found.hex
}
