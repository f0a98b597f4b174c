/**
 * The shared time range of the page in view, for components: read from the URL (lib/timeRange.ts), changed by
 * pushing a new URL (so the back button undoes a zoom), and the auto-refresh tick the header's control drives.
 * A page declares its default range and refresh in its route's meta ({@code meta.time}); pages without it (a
 * trace, a comparison) have no range, and the header's links then carry the last range a page had.
 */
import { computed, onBeforeUnmount, ref, watch } from 'vue'
import { useRoute, useRouter, type RouteLocationNormalizedLoaded } from 'vue-router'
import {
  carriedTime, rangeFromQuery, rangeMillis, refreshFromQuery, resolveRange, stepFor, withRange, zoomTo,
  type TimeRange, type Window,
} from './timeRange'

/** What a route's meta says about time: its default lookback and auto-refresh. */
export interface RouteTime { lookback: string; refresh: string }

export function routeTime(route: RouteLocationNormalizedLoaded): RouteTime | null {
  const time = route.meta.time as RouteTime | undefined
  return time ?? null
}

/** Counts auto-refreshes (and "refresh now" clicks): pages reload quietly when it changes. */
export const refreshTick = ref(0)

/** The time parameters of the last page that had a range: what the header's links carry from a trace page. */
export const lastTime = ref<Record<string, string>>({})

export function useTimeRange() {
  const route = useRoute()
  const router = useRouter()
  const defaults = computed(() => routeTime(route) ?? { lookback: '1h', refresh: 'off' })
  const range = computed<TimeRange>(() => rangeFromQuery(route.query, defaults.value.lookback))
  const refresh = computed(() => refreshFromQuery(route.query, defaults.value.refresh))
  /** A stable key of the range's definition (not of its resolved window): changes mean "load afresh". */
  const rangeKey = computed(() => JSON.stringify(range.value))
  /** The time parameters for links to other pages (the range and the auto-refresh). */
  const linkTime = computed(() => carriedTime({ ...route.query, ...withRange({}, range.value) }))

  function setRange(next: TimeRange) {
    void router.push({ path: route.path, query: withRange(route.query, next) })
  }

  return {
    range,
    refresh,
    rangeKey,
    linkTime,
    setRange,
    /** Zooms the page to [start, end] (epoch ms, any order): a drag on a time chart. */
    zoom: (start: number, end: number) => setRange(zoomTo(start, end)),
    /** The window to query now. */
    resolve: (): Window => resolveRange(range.value, Date.now()),
    /** A RED step giving about 60 points over the range. */
    step: computed(() => stepFor(rangeMillis(range.value))),
  }
}

/** Calls {@code reload} on every auto-refresh tick while the component lives. */
export function onAutoRefresh(reload: () => void) {
  const stop = watch(refreshTick, () => reload())
  onBeforeUnmount(stop)
}
