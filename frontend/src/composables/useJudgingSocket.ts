// The judged-contest socket (/ws/v1/judging/:id?role=screen|pad|console).

import type { Board } from '@/types/judging'
import { useBoardSocket, type BoardRole } from './useBoardSocket'

export type JudgingRole = BoardRole

export function useJudgingSocket(contestId: number, role: JudgingRole) {
  return useBoardSocket<Board>(`judging/${contestId}`, role)
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
