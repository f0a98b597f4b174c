/**
 * The trace ID in something a user pasted: a bare hex ID (1–32 digits, as Jaeger accepts), a W3C traceparent
 * header value, or a URL containing /trace/{id} or traceID={id}. Returns it as 32 lowercase hex digits, or null.
 */
export function parseTraceId(pasted: string): string | null {
  const text = pasted.trim()
  if (text === '') return null
  const traceparent = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i.exec(text)
  if (traceparent) return normalize(traceparent[1])
  const inUrl = /(?:\/trace\/|traceI[dD]=)([0-9a-fA-F]{1,32})(?![0-9a-fA-F])/.exec(text)
  if (inUrl) return normalize(inUrl[1])
  if (/^[0-9a-fA-F]{1,32}$/.test(text)) return normalize(text)
  return null
}

function normalize(hex: string): string | null {
  const padded = hex.toLowerCase().padStart(32, '0')
  return /^0+$/.test(padded) ? null : padded
}
