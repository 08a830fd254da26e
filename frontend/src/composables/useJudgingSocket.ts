// The judged-contest socket (/ws/v1/judging/:id?role=screen|pad|console):
// it only listens. It keeps the clock in sync (NTP-style), reconnects with
// backoff and takes the server's snapshot on every (re)connect.

import { onBeforeUnmount, ref, shallowRef } from 'vue'
import type { Board } from '@/types/judging'
import { backoff, clockSample } from './useContestSocket'

export type JudgingRole = 'screen' | 'pad' | 'console'

export function useJudgingSocket(contestId: number, role: JudgingRole) {
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
    const sock = new WebSocket(`${proto}://${location.host}/ws/v1/judging/${contestId}?role=${role}`)
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

/** Seconds elapsed on the stage timer (0 when it is not running). */
export function elapsedSeconds(startedAt: string | undefined, now: number): number {
  if (!startedAt || startedAt.startsWith('0001-')) return 0
  return Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000))
}

/** The timer's colour: normal, warn (the last minute), over (time up). */
export function timerState(elapsed: number, limit: number, warn = 60): 'normal' | 'warn' | 'over' {
  if (!limit) return 'normal'
  if (elapsed >= limit) return 'over'
  if (elapsed >= limit - warn) return 'warn'
  return 'normal'
}

export function clock(seconds: number): string {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return `${m}:${String(s).padStart(2, '0')}`
}
