// Stable colours per service, so a service looks the same in every panel and on every load.
const PALETTE = ['#4e79a7', '#59a14f', '#9c755f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#8cd17d', '#86bcb6',
  '#a0cbe8', '#79706e', '#d4a6c8', '#499894', '#f1ce63', '#6b8fd6', '#c7a76c']

export function serviceColor(service: string): string {
  let hash = 0
  for (let i = 0; i < service.length; i++) hash = (hash * 31 + service.charCodeAt(i)) | 0
  return PALETTE[Math.abs(hash) % PALETTE.length]
}
