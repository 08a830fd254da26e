// A board socket (judged contests, debates: /ws/v1/<path>?role=…): it only
// listens. It keeps the clock in sync (NTP-style), reconnects with backoff
// and takes the server's snapshot on every (re)connect.

import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { backoff, clockSample } from './useContestSocket'

export type BoardRole = 'screen' | 'pad' | 'console'

/** path is the socket's path under /ws/v1/, e.g. "judging/7". */
export function useBoardSocket<Board>(path: string, role: BoardRole) {
  const status = ref<'connecting' | 'open' | 'closed' | 'denied'>('connecting')
  const board = shallowRef<Board | null>(null)
  const offset = ref(0)
  let ws: WebSocket | null = null
  let attempt = 0
  let stopped = false
  let retry: ReturnType<typeof setTimeout> | undefined
  let sync: ReturnType<typeof setInterval> | undefined
  let pingId = 0
  const sent = new Map<number, number>()
  const samples: { offset: number; delay: number }[] = []

  function ping(): void {
    if (ws?.readyState !== WebSocket.OPEN) return
    const id = ++pingId
    const t0 = Date.now()
    sent.set(id, t0)
    ws.send(JSON.stringify({ type: 'time', id, t0 }))
  }

  function connect(): void {
    if (stopped) return
    status.value = 'connecting'
    const proto = location.protocol === 'https:' ? 'wss' : 'ws'
    const sock = new WebSocket(`${proto}://${location.host}/ws/v1/${path}?role=${role}`)
    ws = sock
    let opened = false
    sock.onopen = () => {
      opened = true
      attempt = 0
      status.value = 'open'
      for (let i = 0; i < 3; i++) setTimeout(ping, i * 200)
    }
    sock.onmessage = (ev) => {
      let m: { type: string; board?: Board; id?: number; t0?: number; t1?: number; t2?: number }
      try {
        m = JSON.parse(ev.data as string)
      } catch {
        return
      }
      if (m.type === 'board' && m.board) board.value = m.board
      if (m.type === 'time' && m.id && m.t1 && m.t2 && sent.has(m.id)) {
        const s = clockSample(sent.get(m.id)!, m.t1, m.t2, Date.now())
        sent.delete(m.id)
        samples.push(s)
        if (samples.length > 5) samples.shift()
        const best = [...samples].sort((a, b) => a.delay - b.delay)[0]!
        offset.value = best.offset
      }
    }
    sock.onclose = () => {
      ws = null
      if (stopped) return
      if (!opened && attempt >= 3) status.value = 'denied'
      else status.value = 'closed'
      retry = setTimeout(connect, backoff(attempt++))
    }
  }

  connect()
  sync = setInterval(ping, 30_000)
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(retry)
    clearInterval(sync)
    ws?.close()
  })

  /** The server's clock now, in ms. */
  function now(): number {
    return Date.now() + offset.value
  }
  return { status, board, now }
}
