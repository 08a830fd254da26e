/** Formatting shared by the programme pages. */
export function pct(v: number): string {
  return `${(Math.round(v * 1000) / 10).toFixed(1)}%`
}

export function day(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' })
}

export function todayISO(): string {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  return d.toISOString().slice(0, 10)
}
