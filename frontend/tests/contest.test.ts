import { describe, expect, it } from 'vitest'
import { backoff, clockSample } from '@/composables/useContestSocket'

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
