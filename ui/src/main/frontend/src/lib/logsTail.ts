import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { lokiTailUrl } from './api'
import { rowsFromStreams, type LogRow, type LokiStream } from './logs'
import { tailProtocols } from './session'

/** The most tailed lines kept in memory; older ones fall off the end. */
export const TAIL_CAPACITY = 20_000

export type TailState = 'off' | 'connecting' | 'live' | 'paused' | 'closed'

/**
 * Live tail over Loki's WebSocket API. While paused, arriving lines are counted and held back, and shown on
 * resume: the list stays still for reading without losing lines. Closes the socket when the component goes.
 */
export function useLiveTail() {
  const state = ref<TailState>('off')
  const rows = shallowRef<LogRow[]>([])
  const received = ref(0)
  const held = ref(0)
  const message = ref('')
  let socket: WebSocket | null = null
  let pending: LogRow[] = []

  function start(query: string) {
    stop()
    rows.value = []
    received.value = 0
    held.value = 0
    message.value = ''
    pending = []
    state.value = 'connecting'
    const ws = new WebSocket(lokiTailUrl(query), tailProtocols())
    socket = ws
    ws.onopen = () => { if (socket === ws) state.value = 'live' }
    ws.onmessage = (event: MessageEvent) => {
      if (socket !== ws) return
      let streams: LokiStream[]
      try {
        streams = (JSON.parse(String(event.data)) as { streams?: LokiStream[] }).streams ?? []
      } catch {
        return
      }
      const arrived = rowsFromStreams(streams)
      received.value += arrived.length
      if (state.value === 'paused') {
        pending = [...arrived, ...pending].slice(0, TAIL_CAPACITY)
        held.value = pending.length
      } else {
        rows.value = [...arrived, ...rows.value].slice(0, TAIL_CAPACITY)
      }
    }
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return
      state.value = 'closed'
      message.value = event.reason || `the connection closed (code ${event.code})`
      socket = null
    }
  }

  function pause() {
    if (state.value === 'live') state.value = 'paused'
  }

  function resume() {
    if (state.value !== 'paused') return
    rows.value = [...pending, ...rows.value].slice(0, TAIL_CAPACITY)
    pending = []
    held.value = 0
    state.value = 'live'
  }

  function stop() {
    const ws = socket
    socket = null
    ws?.close()
    state.value = 'off'
  }

  onBeforeUnmount(stop)
  return { state, rows, received, held, message, start, pause, resume, stop }
}
