import { describe, expect, it } from 'vitest'
import { addDays, dateOf, dateTimeOf, hoursText, mondayOf, shanghaiISO, timeOf } from '@/components/courses/format'

describe('training time formatting (Asia/Shanghai whatever the browser zone)', () => {
  it.each([
    ['2026-05-11T01:00:00Z', '2026-05-11', '09:00'],
    ['2026-05-10T16:00:00Z', '2026-05-11', '00:00'],
    ['2026-05-10T15:59:00Z', '2026-05-10', '23:59'],
    ['2026-12-31T16:30:00Z', '2027-01-01', '00:30'],
  ])('%s is %s %s', (iso, date, time) => {
    expect(dateOf(iso)).toBe(date)
    expect(timeOf(iso)).toBe(time)
    expect(dateTimeOf(iso)).toBe(`${date} ${time}`)
  })

  it('turns a Shanghai wall-clock time into the instant', () => {
    expect(shanghaiISO('2026-05-11', '09:00')).toBe('2026-05-11T01:00:00.000Z')
    expect(shanghaiISO('2026-01-01', '07:30')).toBe('2025-12-31T23:30:00.000Z')
  })

  it('walks dates and weeks', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(mondayOf('2026-11-26')).toBe('2026-11-23') // a Thursday
    expect(mondayOf('2026-11-23')).toBe('2026-11-23')
    expect(mondayOf('2026-11-29')).toBe('2026-11-23') // Sunday belongs to the week before
  })

  it('prints hours without trailing zeros', () => {
    expect(hoursText(2)).toBe('2')
    expect(hoursText(2.5)).toBe('2.5')
    expect(hoursText(0.1 + 0.2)).toBe('0.3')
  })
})
