// The debate match socket (/ws/v1/debate/matches/:id?role=screen|pad|console):
// it only listens. It keeps the clock in sync (NTP-style), reconnects with
// backoff and takes the server's snapshot on every (re)connect.

import { onBeforeUnmount, ref, shallowRef } from 'vue'
import type { Board } from '@/types/debate'
import { backoff, clockSample } from './useContestSocket'

export type DebateRole = 'screen' | 'pad' | 'console'

export function useDebateSocket(matchId: number, role: DebateRole) {
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
    const sock = new WebSocket(`${proto}://${location.host}/ws/v1/debate/matches/${matchId}?role=${role}`)
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

const zero = (s?: string) => !s || s.startsWith('0001-')

/** Seconds left on a stage timer of limit seconds (paused: elapsed only). */
export function stageLeft(limit: number, live: { startedAt?: string; elapsed: number }, now: number): number {
  let ms = live.elapsed
  if (!zero(live.startedAt)) ms += now - Date.parse(live.startedAt!)
  return Math.max(0, Math.ceil(limit - ms / 1000))
}

/** Each side's chess clock in seconds at now (the left values are ns). */
export function chessLeft(c: { left: Record<'pro' | 'con', number>; running?: string; since: string } | undefined, now: number): Record<'pro' | 'con', number> {
  if (!c) return { pro: 0, con: 0 }
  const out = { pro: c.left.pro / 1e9, con: c.left.con / 1e9 }
  if (c.running === 'pro' || c.running === 'con') out[c.running] = Math.max(0, out[c.running] - (now - Date.parse(c.since)) / 1000)
  return { pro: Math.ceil(out.pro), con: Math.ceil(out.con) }
}

export function clock(seconds: number): string {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return `${m}:${String(s).padStart(2, '0')}`
}
