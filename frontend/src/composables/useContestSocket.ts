// The live-contest socket: connects to /ws/v1/contests/:id with a role,
// keeps the clock in sync (NTP-style), reconnects with exponential backoff
// and resumes from the server's snapshot, resends an unacknowledged answer
// with the same client id (the server counts it once), and exposes the
// game as reactive state. Protocol: docs/live-protocol.md: a state or a
// snapshot is the whole view, so the newest seq wins and gaps are normal.

import { onBeforeUnmount, ref, shallowRef } from 'vue'
import type { BoardRow, ContestRole, ContestView, MeView, ServerMessage } from '@/types/contest'

export type SocketStatus = 'connecting' | 'open' | 'closed' | 'replaced' | 'denied'

export interface CommandResult {
  ok: boolean
  seq?: number
  code?: string
  error?: string
  note?: string
}

interface PendingAnswer {
  clientId: string
  choice: string
  key: string
}

const CLOSE_REPLACED = 4001
const CLOSE_SESSION_ENDS = 4002
const CLOSE_POLICY = 1008
const SYNC_SAMPLES = 5
const SYNC_EVERY = 30_000
const MAX_BACKOFF = 15_000

function newId(): string {
  const c = globalThis.crypto
  if (c && 'randomUUID' in c) {
    try {
      return c.randomUUID()
    } catch {
      /* insecure context */
    }
  }
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 12)
}

/** The backoff before reconnect attempt n (0-based): 0.5 s doubling to 15 s, with jitter. */
export function backoff(n: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF, 500 * 2 ** n)
  return Math.round(base * (0.75 + random() * 0.5))
}

/** One NTP-style sample: t0 sent, t1 server receive, t2 server send, t3 received. */
export function clockSample(t0: number, t1: number, t2: number, t3: number): { offset: number; delay: number } {
  return { delay: Math.max(0, (t3 - t0 - (t2 - t1)) / 2), offset: (t1 - t0 + (t2 - t3)) / 2 }
}

/**
 * Merges a `me` or `rank` message into the player's state: a rank message
 * carries only score and rank (the answer stays), and an empty name never
 * blanks the header.
 */
export function mergeMe(prev: MeView | null, next: MeView, rankOnly: boolean): MeView {
  // a me message is the whole part (absent flags are false); a rank one only moves score and rank
  const out: MeView = rankOnly && prev ? { ...prev, score: next.score, teamScore: next.teamScore, rank: next.rank } : { ...next }
  if (!out.name && prev?.name) out.name = prev.name
  return out
}

export function useContestSocket(contestId: number, role: ContestRole) {
  const status = ref<SocketStatus>('connecting')
  const view = shallowRef<ContestView | null>(null)
  const me = shallowRef<MeView | null>(null)
  const board = shallowRef<BoardRow[]>([])
  const answered = ref(0)
  const total = ref(0)
  const offset = ref(0)
  const delay = ref(0)
  const title = ref('')
  const closeReason = ref('')
  const lastRefusal = ref('')
  const reconnects = ref(0)

  let ws: WebSocket | null = null
  let attempt = 0
  let stopped = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let syncTimer: ReturnType<typeof setInterval> | undefined
  let samples: { offset: number; delay: number }[] = []
  let pingId = 0
  let lastSeq = 0
  const waiting = new Map<string, (r: CommandResult) => void>()
  const pendingKey = `weishi.contest.${contestId}.pending`

  function now(): number {
    return Date.now() + offset.value
  }

  function send(msg: Record<string, unknown>): boolean {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false
    ws.send(JSON.stringify(msg))
    return true
  }

  function syncClock(): void {
    samples = []
    for (let i = 0; i < SYNC_SAMPLES; i++) {
      setTimeout(() => send({ type: 'time', id: ++pingId, t0: Date.now() }), i * 150)
    }
  }

  function questionKey(v: ContestView | null): string {
    return v ? `${v.roundIndex}:${v.questionIndex}` : ''
  }

  function loadPending(): PendingAnswer | null {
    try {
      const raw = localStorage.getItem(pendingKey)
      return raw ? (JSON.parse(raw) as PendingAnswer) : null
    } catch {
      return null
    }
  }

  function savePending(p: PendingAnswer | null): void {
    try {
      if (p) localStorage.setItem(pendingKey, JSON.stringify(p))
      else localStorage.removeItem(pendingKey)
    } catch {
      /* storage may be blocked */
    }
  }

  function resendPending(): void {
    const p = loadPending()
    if (!p) return
    if (me.value?.answer || questionKey(view.value) !== p.key || view.value?.phase !== 'open') {
      savePending(null)
      return
    }
    send({ type: 'answer', choice: p.choice, clientId: p.clientId, deviceAt: Date.now() })
  }

  function onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome':
        title.value = m.title ?? ''
        break
      case 'time': {
        const s = clockSample(m.t0 ?? 0, m.t1 ?? 0, m.t2 ?? 0, Date.now())
        samples.push(s)
        if (samples.length >= SYNC_SAMPLES) {
          const best = samples.reduce((a, b) => (b.delay < a.delay ? b : a))
          offset.value = Math.round(best.offset)
          delay.value = Math.round(best.delay)
          send({ type: 'clock', offsetMs: offset.value, delayMs: delay.value })
          samples = []
        }
        break
      }
      case 'snapshot':
        if (m.view) {
          view.value = m.view
          if (m.view.me) me.value = m.view.me
          answered.value = m.view.answered
          lastSeq = m.seq ?? 0
          // the board at once: a screen that (re)connects mid-contest shows the standings
          if (m.top) board.value = m.top
          if (m.total !== undefined) total.value = m.total
          resendPending()
        }
        break
      case 'state':
        if (m.view) {
          // whole views, not deltas: an older one (around a reconnect) is dropped
          if ((m.seq ?? 0) < lastSeq) break
          lastSeq = m.seq ?? 0
          const prevKey = questionKey(view.value)
          view.value = m.view
          answered.value = m.view.answered
          if (prevKey !== questionKey(m.view)) savePending(null)
        }
        break
      case 'me':
      case 'rank':
        if (m.me) me.value = mergeMe(me.value, m.me, m.type === 'rank')
        break
      case 'board':
        board.value = m.top ?? []
        answered.value = m.answered ?? 0
        total.value = m.total ?? 0
        break
      case 'ack': {
        const key = m.clientId || m.ref || ''
        if (m.clientId) {
          const p = loadPending()
          savePending(null)
          if (me.value && view.value && !me.value.answer) {
            // received, nothing more: the verdict comes with the reveal
            me.value = { ...me.value, answer: { choice: p?.clientId === m.clientId ? p.choice : '', at: 0, clientId: m.clientId, status: 'received' } }
          }
        }
        waiting.get(key)?.({ ok: true, seq: m.seq, note: m.note })
        waiting.delete(key)
        break
      }
      case 'refused': {
        const key = m.clientId || m.ref || ''
        lastRefusal.value = m.error ?? ''
        if (m.clientId) savePending(null)
        waiting.get(key)?.({ ok: false, code: m.code, error: m.error })
        waiting.delete(key)
        break
      }
      case 'replaced':
        closeReason.value = m.error ?? ''
        status.value = 'replaced'
        break
      case 'error':
        lastRefusal.value = m.error ?? ''
        break
    }
  }

  function connect(): void {
    if (stopped) return
    status.value = 'connecting'
    const proto = location.protocol === 'https:' ? 'wss' : 'ws'
    const socket = new WebSocket(`${proto}://${location.host}/ws/v1/contests/${contestId}?role=${role}`)
    ws = socket
    socket.onopen = () => {
      attempt = 0
      status.value = 'open'
      syncClock()
    }
    socket.onmessage = (ev) => {
      try {
        onMessage(JSON.parse(String(ev.data)) as ServerMessage)
      } catch {
        /* ignore a message we cannot read */
      }
    }
    socket.onclose = (ev) => {
      if (ws !== socket) return
      ws = null
      for (const [, fn] of waiting) fn({ ok: false, code: 'closed' })
      waiting.clear()
      if (ev.code === CLOSE_REPLACED) {
        status.value = 'replaced'
        closeReason.value = closeReason.value || ev.reason
        return
      }
      if (ev.code === CLOSE_SESSION_ENDS || ev.code === CLOSE_POLICY || stopped) {
        status.value = 'closed'
        return
      }
      status.value = 'closed'
      // a refused upgrade (403/404/409) closes at once with 1006; keep trying slowly
      retryTimer = setTimeout(connect, backoff(attempt++))
      reconnects.value++
    }
  }

  function request(msg: Record<string, unknown>, key: string): Promise<CommandResult> {
    return new Promise((resolve) => {
      if (!send(msg)) {
        resolve({ ok: false, code: 'closed' })
        return
      }
      waiting.set(key, resolve)
    })
  }

  /** Sends a host command; resolves with the server's ack or refusal. */
  function command(cmd: string, extra: Record<string, unknown> = {}): Promise<CommandResult> {
    const ref = newId()
    return request({ type: 'cmd', cmd, ref, ...extra }, ref)
  }

  /** Presses the buzzer. */
  function press(): Promise<CommandResult> {
    const ref = newId()
    return request({ type: 'press', ref, deviceAt: Date.now() }, ref)
  }

  /** Chooses the risk value of my team's next question (team risk rounds). */
  function chooseRisk(value: number): Promise<CommandResult> {
    const ref = newId()
    return request({ type: 'choose', ref, value }, ref)
  }

  /** Answers the current question; a resend after a reconnect keeps the client id. */
  function answer(choice: string): Promise<CommandResult> {
    const clientId = newId()
    savePending({ clientId, choice, key: questionKey(view.value) })
    return request({ type: 'answer', choice, clientId, deviceAt: Date.now() }, clientId)
  }

  function close(): void {
    stopped = true
    clearTimeout(retryTimer)
    clearInterval(syncTimer)
    ws?.close(1000)
    ws = null
  }

  syncTimer = setInterval(syncClock, SYNC_EVERY)
  connect()
  onBeforeUnmount(close)

  return { status, view, me, board, answered, total, offset, delay, title, closeReason, lastRefusal, reconnects, now, command, press, chooseRisk, answer, close }
}

export type ContestSocket = ReturnType<typeof useContestSocket>
