/**
 * Drag-to-zoom on a time chart: press on the plot, drag across the times to see, let go; the page's time range
 * becomes that span (lib/useTimeRange.ts), so every chart and list on the page follows and Back undoes it. A
 * press without a drag stays a click. Coordinates are the SVG's viewBox units (charts scale with their box).
 */
import { computed, onBeforeUnmount, ref, type Ref } from 'vue'
import { brushSpan, timeAtX } from './chart'
import { useTimeRange } from './useTimeRange'

export interface PlotGeometry {
  /** The viewBox width. */
  width: number
  /** The plot's left and right edges in viewBox units. */
  left: number
  right: number
  /** The times at the left and right edges (epoch ms). */
  minT: number
  maxT: number
}

/** A drag narrower than this many screen pixels is a click. */
const MIN_DRAG_PIXELS = 5

export function useBrush(svg: Ref<SVGSVGElement | null>, geometry: () => PlotGeometry) {
  const { zoom } = useTimeRange()
  const drag = ref<{ x0: number; x1: number; client0: number; client1: number } | null>(null)

  const toView = (clientX: number): number => {
    const box = svg.value?.getBoundingClientRect()
    return box && box.width > 0 ? ((clientX - box.left) / box.width) * geometry().width : 0
  }

  function move(event: MouseEvent) {
    if (drag.value !== null) drag.value = { ...drag.value, x1: toView(event.clientX), client1: event.clientX }
  }

  function up() {
    window.removeEventListener('mousemove', move)
    window.removeEventListener('mouseup', up)
    const done = drag.value
    drag.value = null
    if (done === null || Math.abs(done.client1 - done.client0) < MIN_DRAG_PIXELS) return
    const g = geometry()
    const span = brushSpan(done.x0, done.x1, g.left, g.right, 0.5)
    if (span === null) return
    zoom(timeAtX(span[0], g.left, g.right, g.minT, g.maxT), timeAtX(span[1], g.left, g.right, g.minT, g.maxT))
  }

  function start(event: MouseEvent) {
    if (event.button !== 0) return
    event.preventDefault() // no text selection while dragging
    const x = toView(event.clientX)
    drag.value = { x0: x, x1: x, client0: event.clientX, client1: event.clientX }
    window.addEventListener('mousemove', move)
    window.addEventListener('mouseup', up)
  }

  onBeforeUnmount(() => {
    window.removeEventListener('mousemove', move)
    window.removeEventListener('mouseup', up)
  })

  /** The selection to draw while dragging, clamped to the plot, in viewBox units. */
  const selection = computed(() => {
    if (drag.value === null) return null
    const g = geometry()
    const span = brushSpan(drag.value.x0, drag.value.x1, g.left, g.right, 0)
    return span === null ? null : { x: span[0], width: span[1] - span[0] }
  })

  return { start, selection }
}
