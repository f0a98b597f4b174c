/**
 * What a side panel loads for its subject (a service, an edge) over the page's window: loaded again, with
 * "loading" shown, when the subject changes; quietly, keeping the last answer on screen, when the window moves.
 * A newer load aborts the older one, and so does unmounting (the end of the caller's scope), so an old answer
 * never overwrites a newer one.
 */
import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { Window } from './timeRange'

export type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; data: T }

/**
 * @param subject what the panel shows; a change reloads with "loading"
 * @param pageWindow the page's window; a change reloads quietly
 * @param failure the start of the message shown when loading fails (the error's text follows)
 */
export function useWindowedLoad<T>(subject: () => unknown, pageWindow: () => Window,
  load: (range: Window, signal: AbortSignal) => Promise<T>, failure: string): ShallowRef<Loaded<T>> {
  const loaded = shallowRef<Loaded<T>>({ state: 'loading' })
  let inFlight: AbortController | null = null

  async function reload(showLoading: boolean) {
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    if (showLoading) loaded.value = { state: 'loading' }
    try {
      const data = await load(pageWindow(), controller.signal)
      if (!controller.signal.aborted) loaded.value = { state: 'done', data }
    } catch (e) {
      if (controller.signal.aborted) return
      loaded.value = { state: 'error', message: `${failure}: ${(e as Error).message}` }
    }
  }

  watch(subject, () => void reload(true), { immediate: true })
  watch(pageWindow, () => void reload(false))
  onScopeDispose(() => inFlight?.abort())
  return loaded
}
