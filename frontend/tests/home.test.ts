import { describe, expect, it } from 'vitest'
import { hoursPercent, sessionState, shortDateTime } from '@/components/home/homeFormat'
import type { HomeSession } from '@/types/home'

function session(over: Partial<HomeSession>): HomeSession {
  return {
    id: 1, batchId: 1, classId: 1, start: '2026-05-11T01:00:00Z', end: '2026-05-11T03:00:00Z', topic: 't', lecturer: '', venue: '',
    hours: 2, cancelled: false, sequence: 0, updatedAt: '', status: '', checkinOpen: false, settled: false, ...over,
  } as HomeSession
}

describe('sessionState', () => {
  const before = new Date('2026-05-11T00:00:00Z')
  const during = new Date('2026-05-11T02:00:00Z')
  const after = new Date('2026-05-11T05:00:00Z')
  it.each([
    ['recorded present wins', { status: 'present' as const, checkinOpen: true }, during, 'present'],
    ['recorded late', { status: 'late' as const }, after, 'late'],
    ['excused', { status: 'excused' as const, settled: true }, after, 'excused'],
    ['window open', { checkinOpen: true }, during, 'open'],
    ['not started, window closed', {}, before, 'upcoming'],
    ['running without a record is not absent', {}, during, 'none'],
    ['over but window still open is not absent', { checkinOpen: true }, after, 'open'],
    ['settled without a record is absent', { settled: true }, after, 'absent'],
  ])('%s', (_name, over, now, want) => {
    expect(sessionState(session(over), now)).toBe(want)
  })
})

describe('hoursPercent', () => {
  it.each([
    [0, 60, 0],
    [30, 60, 50],
    [59.9, 60, 100],
    [90, 60, 100],
    [5, 0, 100],
  ])('%d of %d', (h, t, want) => expect(hoursPercent(h, t)).toBe(want))
})

describe('shortDateTime', () => {
  it('writes Chinese dates with 月 and 日, in Shanghai time', () => {
    expect(shortDateTime('2026-12-05T09:00:00Z', 'zh-CN')).toBe('12月5日 17:00')
  })
  it('writes English dates with a month name', () => {
    expect(shortDateTime('2026-12-05T09:00:00Z', 'en')).toMatch(/5 Dec.*17:00/)
  })
})

import { longDate } from '@/components/courses/certificateFormat'

describe('longDate (certificates)', () => {
  it.each([
    ['2026-12-01T02:00:00Z', 'zh-CN', '2026年12月1日'],
    ['2026-11-30T17:00:00Z', 'zh-CN', '2026年12月1日'], // 01:00 in Shanghai
    ['2026-12-01T02:00:00Z', 'en', '1 December 2026'],
    ['2026-05-11T01:00:00Z', 'en', '11 May 2026'],
  ])('%s in %s', (iso, locale, want) => expect(longDate(iso, locale)).toBe(want))
})
