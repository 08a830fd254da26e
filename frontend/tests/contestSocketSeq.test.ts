import { createApp, defineComponent, h } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useContestSocket, type ContestSocket } from '@/composables/useContestSocket'

// A fake WebSocket that records what the client sends; the test plays the server.
class FakeSocket {
  static OPEN = 1
  static last: FakeSocket | null = null
  readyState = 0
  sent: Record<string, unknown>[] = []
  onopen: (() => void) | null = null
  onmessage: ((ev: { data: string }) => void) | null = null
  onclose: ((ev: { code: number; reason: string }) => void) | null = null
  constructor(public url: string) {
    FakeSocket.last = this
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close(): void {
    this.readyState = 3
  }
  open(): void {
    this.readyState = 1
    this.onopen?.()
  }
  serve(m: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(m) })
  }
}

function viewAt(question: number) {
  return { phase: 'open', roundIndex: 0, questionIndex: question, answered: 0 }
}

describe('contest socket seq rule (docs/live-protocol.md: whole views, gaps are normal)', () => {
  let sock: ContestSocket
  let unmount: () => void
  beforeEach(() => {
    vi.stubGlobal('WebSocket', FakeSocket)
    const el = document.createElement('div')
    const app = createApp(defineComponent({ setup() { sock = useContestSocket(7, 'screen'); return () => h('div') } }))
    app.mount(el)
    unmount = () => app.unmount()
    FakeSocket.last!.open()
  })
  afterEach(() => {
    unmount()
    vi.unstubAllGlobals()
  })

  it('a state whose seq jumps does not ask for a sync: the newest view wins', () => {
    const ws = FakeSocket.last!
    ws.serve({ type: 'snapshot', seq: 0, view: viewAt(0), top: [], total: 0 })
    ws.serve({ type: 'state', seq: 1, view: viewAt(1) })
    ws.serve({ type: 'state', seq: 9, view: viewAt(2) }) // answers and joins in between travel with the board
    ws.serve({ type: 'state', seq: 40, view: viewAt(3) })
    expect(ws.sent.filter((m) => m.type === 'sync')).toEqual([])
    expect(sock.view.value?.questionIndex).toBe(3)
  })

  it('an older state (around a reconnect) is dropped', () => {
    const ws = FakeSocket.last!
    ws.serve({ type: 'snapshot', seq: 12, view: viewAt(4), top: [{ side: 1, name: 'A', score: 3, rank: 1 }], total: 1 })
    ws.serve({ type: 'state', seq: 11, view: viewAt(3) })
    expect(sock.view.value?.questionIndex).toBe(4)
    expect(sock.board.value).toHaveLength(1)
    expect(ws.sent.filter((m) => m.type === 'sync')).toEqual([])
  })
})
