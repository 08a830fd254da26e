// Horizontal bar charts with every category readable: sorted, one label
// per bar (no automatic skipping), and a height that grows with the rows.

export interface Bar {
  label: string
  value: number
}

/** The bars sorted by value, highest first (ties by label), for an inverse category axis. */
export function sortBars<T extends Bar>(bars: readonly T[]): T[] {
  return [...bars].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, 'zh-CN'))
}

/** Pixel height of a horizontal bar chart with n rows. */
export function barChartHeight(n: number, row = 30, chrome = 60): number {
  return Math.max(160, n * row + chrome)
}

/** The category axis options that show every label, top to bottom. */
export function categoryAxis(labels: string[], width = 150, overflow: 'truncate' | 'break' = 'truncate') {
  return {
    type: 'category' as const,
    data: labels,
    inverse: true,
    axisTick: { alignWithLabel: true },
    axisLabel: { interval: 0, width, overflow, lineHeight: 14 },
  }
}
