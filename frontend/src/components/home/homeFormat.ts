import type { HomeSession } from '@/types/home'

export type SessionState = 'present' | 'late' | 'excused' | 'absent' | 'open' | 'upcoming' | 'none'

/**
 * Where my check-in for a session stands, for its tag on the home page.
 * A recorded status wins; with none, an open window invites a check-in,
 * a session not started yet is upcoming, and only a settled session (over,
 * window closed) counts as absent — a running one is merely not checked in.
 */
export function sessionState(s: HomeSession, now: Date = new Date()): SessionState {
  if (s.status) return s.status
  if (s.checkinOpen) return 'open'
  if (s.settled) return 'absent'
  if (new Date(s.start) > now) return 'upcoming'
  return 'none'
}

export const stateTag: Record<SessionState, 'success' | 'warning' | 'info' | 'danger' | 'primary'> = {
  present: 'success',
  late: 'warning',
  excused: 'info',
  absent: 'danger',
  open: 'primary',
  upcoming: 'info',
  none: 'warning',
}

/** Share of the yearly target reached, 0..100. */
export function hoursPercent(hours: number, target: number): number {
  if (target <= 0) return 100
  return Math.min(100, Math.round((hours / target) * 100))
}

/** "12月5日 17:00" / "Dec 5, 17:00" in Shanghai time. */
export function shortDateTime(iso: string, locale: string): string {
  const zh = locale.startsWith('zh')
  return new Intl.DateTimeFormat(zh ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    month: zh ? 'long' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso))
}
