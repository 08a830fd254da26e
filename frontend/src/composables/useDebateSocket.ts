// The debate match socket (/ws/v1/debate/matches/:id?role=screen|pad|console).

import type { Board } from '@/types/debate'
import { useBoardSocket, type BoardRole } from './useBoardSocket'

export type DebateRole = BoardRole

export function useDebateSocket(matchId: number, role: DebateRole) {
  return useBoardSocket<Board>(`debate/matches/${matchId}`, role)
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
