import { http } from './http'
import type { Dismissal, HealthReport } from '@/types/health'

/** GET /quiz/health: the bank-health report of a bank (none: every bank). */
export function bankHealth(bankId?: number, usage = false): Promise<HealthReport> {
  return http.get<HealthReport>('/quiz/health', { query: { bankId: bankId || undefined, usage: usage ? 1 : undefined } })
}

/** POST /quiz/health/dismissals. */
export function dismissFinding(bankId: number, key: string, reason: string): Promise<Dismissal> {
  return http.post<Dismissal>('/quiz/health/dismissals', { bankId, key, reason })
}

/** POST /quiz/health/dismissals/restore. */
export function restoreFinding(bankId: number, key: string): Promise<void> {
  return http.post<void>('/quiz/health/dismissals/restore', { bankId, key })
}
