import { describe, expect, it } from 'vitest'
import { backoff, clockSample, mergeMe } from '@/composables/useContestSocket'
import { rankMoves, roundRule } from '@/components/contest/roundRule'

describe('contest socket', () => {
  it('backs off exponentially with jitter, capped at 15 s', () => {
    const mid = () => 0.5
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoff(n, mid))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000])
    expect(backoff(0, () => 0)).toBe(375)
    expect(backoff(0, () => 1)).toBe(625)
  })

  it('measures offset and one-way delay NTP-style', () => {
    // device clock 1000 ms behind the server, 40 ms each way, 2 ms in the server
    const t0 = 10_000
    const t1 = t0 + 40 + 1000
    const t2 = t1 + 2
    const t3 = t0 + 40 + 2 + 40
    expect(clockSample(t0, t1, t2, t3)).toEqual({ offset: 1000, delay: 40 })
    expect(clockSample(0, 0, 0, 0).delay).toBe(0)
  })
})

describe('contest me messages and round rules', () => {
  const base = { userId: 7, name: '王伟', side: 7, score: 0, teamScore: 0, streak: 0 }
  it('a me message replaces the part: an old floor or answer does not stick', () => {
    const prev = { ...base, floor: true, pressed: true, pressOrder: 1, answer: { choice: 'A', at: 1, clientId: 'x', status: 'received' as const } }
    const next = mergeMe(prev, { ...base, name: '' }, false)
    expect(next.floor).toBeUndefined()
    expect(next.answer).toBeUndefined()
    expect(next.name).toBe('王伟') // an empty name never blanks the header
  })
  it('a rank message moves only score and rank', () => {
    const prev = { ...base, answer: { choice: 'B', at: 1, clientId: 'y', status: 'right' as const, right: true, points: 20 } }
    const next = mergeMe(prev, { ...base, name: '', score: 120, teamScore: 120, rank: 2 }, true)
    expect(next).toMatchObject({ name: '王伟', score: 120, rank: 2, answer: { status: 'right' } })
  })
  it('describes each round kind on one scale', () => {
    const t = (k: string, v?: Record<string, unknown>) => `${k}${v ? JSON.stringify(v) : ''}`
    expect(roundRule({ kind: 'everyone', title: '', points: 20, scoring: 'kahoot', timeLimit: 20, streak: true, aggregate: 'mean' }, t)).toEqual([
      'contest.rule.speed{"p":20,"min":10,"share":50,"s":20}',
      'contest.rule.streak{"step":2,"max":10}',
      'contest.rule.mean',
      'contest.rule.hidden',
    ])
    expect(roundRule({ kind: 'buzzer', title: '', points: 20, deduct: 10, rebound: true, falseStart: 'lockout' }, t)).toEqual([
      'contest.rule.rightWrong{"p":20,"d":10}',
      'contest.rule.rebound',
      'contest.rule.fs.lockout',
    ])
    expect(roundRule({ kind: 'risk', title: '', points: 0, riskValues: [10, 20] }, t)).toEqual(['contest.rule.risk{"values":"10 / 20"}'])
    expect(roundRule({ kind: 'compulsory', title: '', points: 10 }, t)).toEqual(['contest.rule.right{"p":10}'])
  })
  it('counts rank changes against the baseline', () => {
    const moves = rankMoves(new Map([[1, 1], [2, 2], [3, 3]]), [{ side: 2, rank: 1 }, { side: 1, rank: 2 }, { side: 3, rank: 3 }, { side: 4, rank: 4 }])
    expect([...moves]).toEqual([[2, 1], [1, -1]])
  })
})
