// Stable colours per service, so a service looks the same in every panel and on every load.
const PALETTE = ['#4e79a7', '#59a14f', '#9c755f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#8cd17d', '#86bcb6',
  '#a0cbe8', '#79706e', '#d4a6c8', '#499894', '#f1ce63', '#6b8fd6', '#c7a76c']

export function serviceColor(service: string): string {
  let hash = 0
  for (let i = 0; i < service.length; i++) hash = (hash * 31 + service.charCodeAt(i)) | 0
  return PALETTE[Math.abs(hash) % PALETTE.length]
}

/**
 * Black or white, whichever reads better on a background colour (#rrggbb): WCAG relative luminance against the
 * contrast of each, so a label on a yellow bar is dark and on a blue bar light.
 */
export function readableTextColor(background: string): '#000000' | '#ffffff' {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background.trim())
  if (match === null) return '#000000'
  const channel = (hex: string) => {
    const c = Number.parseInt(hex, 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(match[1]) + 0.7152 * channel(match[2]) + 0.0722 * channel(match[3])
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05: pick the larger.
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff'
}
