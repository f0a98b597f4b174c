/** Axis and hover logic of the small SVG charts. Pure functions. */

/** Up to about {@code count} round tick values from 0 to at least {@code max} (1, 2, 2.5 or 5 × a power of ten). */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0]
  const raw = max / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude
  const ticks: number[] = []
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)))
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)))
  return ticks
}

/** The index of the value in ascending {@code xs} closest to {@code x}, or -1 for none. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1
  let lo = 0
  let hi = xs.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (xs[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo > 0 && Math.abs(xs[lo - 1] - x) <= Math.abs(xs[lo] - x) ? lo - 1 : lo
}

/**
 * The part of a drag from {@code x0} to {@code x1} that lies on the plot [left, right], in order; null when it is
 * narrower than {@code minWidth} (a click, or a slip of the hand), so that a click never zooms.
 */
export function brushSpan(x0: number, x1: number, left: number, right: number, minWidth: number): [number, number] | null {
  const clamp = (x: number) => Math.min(right, Math.max(left, x))
  const a = clamp(Math.min(x0, x1))
  const b = clamp(Math.max(x0, x1))
  return b - a >= minWidth ? [a, b] : null
}

/** The time at {@code x} on a plot from {@code left} to {@code right} showing [minT, maxT]. */
export function timeAtX(x: number, left: number, right: number, minT: number, maxT: number): number {
  return minT + ((x - left) / Math.max(1e-9, right - left)) * (maxT - minT)
}

/**
 * A sparkline's tooltip: its figure's latest value and its peak over the range, in the figure's unit ("p99: 5.19s
 * now, peak 5.4s"); "no data" when every point is empty.
 */
export function sparkTitle(name: string, values: readonly (number | null)[], format: (v: number) => string): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (present.length === 0) return `${name}: no data in this range`
  let latest = present[present.length - 1]
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]
    if (v !== null && Number.isFinite(v)) {
      latest = v
      break
    }
  }
  return `${name}: ${format(latest)} now, peak ${format(Math.max(...present))}`
}

/**
 * A sparkline's drawing in a {@code width} × {@code height} box: one path through runs of present values (gaps
 * break it), scaled to the largest value, and a dot for each value with no present neighbour, which a path alone
 * would not show (a service that started in the last step of the range).
 */
export function sparkShape(values: readonly (number | null)[], width: number, height: number):
  { path: string; dots: { x: number; y: number }[] } {
  const present = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v)
  const max = Math.max(0, ...values.filter(present)) || 1
  const n = Math.max(1, values.length - 1)
  const x = (i: number) => Number(((i / n) * (width - 2) + 1).toFixed(1))
  const y = (v: number) => Number((height - 2 - (v / max) * (height - 4)).toFixed(1))
  let path = ''
  const dots: { x: number; y: number }[] = []
  values.forEach((v, i) => {
    if (!present(v)) return
    const joined = present(values[i - 1])
    path += `${joined ? 'L' : 'M'}${x(i)},${y(v)} `
    if (!joined && !present(values[i + 1])) dots.push({ x: x(i), y: y(v) })
  })
  return { path: path.trim(), dots }
}
