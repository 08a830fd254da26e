// Formatting for training pages. Schedules are shown in Shanghai time,
// whatever the browser's zone.

const TZ = 'Asia/Shanghai'

function parts(iso: string): Record<string, string> {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
  const out: Record<string, string> = {}
  for (const p of f.formatToParts(new Date(iso))) out[p.type] = p.value
  if (out.hour === '24') out.hour = '00'
  return out
}

/** 2026-05-11 */
export function dateOf(iso: string): string {
  const p = parts(iso)
  return `${p.year}-${p.month}-${p.day}`
}

/** 09:30 */
export function timeOf(iso: string): string {
  const p = parts(iso)
  return `${p.hour}:${p.minute}`
}

/** 2026-05-11 09:30 */
export function dateTimeOf(iso: string): string {
  return `${dateOf(iso)} ${timeOf(iso)}`
}

/** The ISO instant of a Shanghai wall-clock date and time. */
export function shanghaiISO(date: string, time: string): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString()
}

/** Today's date in Shanghai. */
export function todayShanghai(): string {
  return dateOf(new Date().toISOString())
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Monday of the week of a YYYY-MM-DD date. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  const dow = (d.getUTCDay() + 6) % 7
  return addDays(date, -dow)
}

/** Hours as text without trailing zeros. */
export function hoursText(h: number): string {
  return String(Math.round(h * 10) / 10)
}
