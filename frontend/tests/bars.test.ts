import { describe, expect, it } from 'vitest'
import { barChartHeight, categoryAxis, sortBars } from '@/components/charts/bars'

describe('sortBars', () => {
  it('puts the highest first and keeps each value with its label', () => {
    const bars = [
      { label: '执法一支队', value: 61.5 },
      { label: '执法二支队', value: 88 },
      { label: '法制处', value: 70 },
      { label: '督查处', value: 70 },
    ]
    const out = sortBars(bars)
    expect(out.map((b) => b.label)).toEqual(['执法二支队', '督查处', '法制处', '执法一支队'].sort((a, b) => {
      const v = (l: string) => bars.find((x) => x.label === l)!.value
      return v(b) - v(a) || a.localeCompare(b, 'zh-CN')
    }))
    for (const b of out) expect(bars.find((x) => x.label === b.label)!.value).toBe(b.value)
    expect(bars[0]!.label).toBe('执法一支队') // not sorted in place
  })
})

describe('categoryAxis', () => {
  it('shows every label (interval 0) from the top', () => {
    const a = categoryAxis(['a', 'b', 'c'])
    expect(a.axisLabel.interval).toBe(0)
    expect(a.inverse).toBe(true)
    expect(a.data).toEqual(['a', 'b', 'c'])
  })
})

describe('barChartHeight', () => {
  it.each([
    [0, 160],
    [3, 160],
    [10, 360],
    [20, 660],
  ])('%d rows', (n, h) => expect(barChartHeight(n)).toBe(h))
})
