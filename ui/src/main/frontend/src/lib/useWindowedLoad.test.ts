import { effectScope, nextTick, ref } from 'vue'
import { describe, expect, it } from 'vitest'
import type { Window } from './timeRange'
import { useWindowedLoad } from './useWindowedLoad'

/** A load the test answers by hand: each call is kept with its window, signal and the functions that settle it. */
function manualLoads() {
  const calls: { range: Window; signal: AbortSignal; resolve: (v: string) => void; reject: (e: Error) => void }[] = []
  const load = (range: Window, signal: AbortSignal) => new Promise<string>((resolve, reject) => {
    calls.push({ range, signal, resolve, reject })
  })
  return { calls, load }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('a panel loading over the page window', () => {
  it('shows loading for a new subject, keeps the last answer while the window moves, and drops aborted answers', async () => {
    const subject = ref('checkout')
    const window = ref<Window>({ start: 0, end: 1000 })
    const { calls, load } = manualLoads()
    const scope = effectScope()
    const loaded = scope.run(() => useWindowedLoad(() => subject.value, () => window.value, load, 'Could not load'))!

    expect(loaded.value).toEqual({ state: 'loading' })
    calls[0].resolve('first')
    await settle()
    expect(loaded.value).toEqual({ state: 'done', data: 'first' })

    window.value = { start: 1000, end: 2000 }
    await nextTick()
    expect(calls[1].range).toEqual({ start: 1000, end: 2000 })
    expect(loaded.value).toEqual({ state: 'done', data: 'first' })

    subject.value = 'payment'
    await nextTick()
    expect(calls[1].signal.aborted).toBe(true)
    expect(loaded.value).toEqual({ state: 'loading' })
    calls[1].resolve('stale')
    await settle()
    expect(loaded.value).toEqual({ state: 'loading' })
    calls[2].reject(new Error('HTTP 503'))
    await settle()
    expect(loaded.value).toEqual({ state: 'error', message: 'Could not load: HTTP 503' })

    window.value = { start: 2000, end: 3000 }
    await nextTick()
    scope.stop()
    expect(calls[3].signal.aborted).toBe(true)
  })
})
