/** A certificate date: 2026年12月1日 in Chinese, 1 December 2026 in English (Shanghai calendar). */
export function longDate(iso: string, locale: string): string {
  const zh = locale.startsWith('zh')
  const p: Record<string, string> = {}
  for (const x of new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(iso))) {
    p[x.type] = x.value
  }
  if (zh) return `${p.year}年${Number(p.month)}月${Number(p.day)}日`
  const month = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: 'long' }).format(new Date(iso))
  return `${Number(p.day)} ${month} ${p.year}`
}
