import type { Answer, Citation, ImportProgress, KeyHold, QuestionType, Response } from '@/types/quiz'

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 10 → 十, 23 → 二十三, 105 → 一百零五 (as articles are cited). */
export function chineseNumeral(n: number): string {
  if (n <= 0 || n >= 1000) return String(n)
  const h = Math.floor(n / 100)
  const t = Math.floor(n / 10) % 10
  const o = n % 10
  let s = ''
  if (h > 0) {
    s += DIGITS[h] + '百'
    if (t === 0 && o > 0) s += '零'
  }
  if (t > 0) {
    if (!(t === 1 && h === 0)) s += DIGITS[t]
    s += '十'
  }
  if (o > 0) s += DIGITS[o]
  return s
}

/** 《著作权法》（2020年修正）第十条第一款. */
export function citationText(c?: Citation | null): string {
  if (!c || !c.lawName) return ''
  let s = `《${c.lawName}》`
  if (c.versionLabel) s += `（${c.versionLabel}）`
  s += `第${chineseNumeral(c.article)}条`
  if (c.paragraph) s += `第${chineseNumeral(c.paragraph)}款`
  if (c.item) s += `第${chineseNumeral(c.item)}项`
  return s
}

/** The key written the way staff read it. */
export function answerText(type: QuestionType, a: Answer | undefined, trueLabel: string, falseLabel: string): string {
  if (!a) return ''
  switch (type) {
    case 'single':
    case 'multiple':
      return (a.choices ?? []).join('')
    case 'truefalse':
      return a.true === undefined ? '' : a.true ? trueLabel : falseLabel
    case 'fill':
      return (a.blanks ?? []).map((b) => b.join(' / ')).join('；')
    default:
      return a.reference ?? ''
  }
}

/** A response written the same way. */
export function responseText(type: QuestionType, r: Response | null | undefined, trueLabel: string, falseLabel: string): string {
  if (!r) return ''
  switch (type) {
    case 'single':
    case 'multiple':
      return [...(r.choices ?? [])].sort().join('')
    case 'truefalse':
      return r.true === undefined ? '' : r.true ? trueLabel : falseLabel
    case 'fill':
      return (r.blanks ?? []).join('；')
    default:
      return r.text ?? ''
  }
}

/** Whether anything was answered. */
export function answered(r: Response | null | undefined): boolean {
  if (!r) return false
  if ((r.choices?.length ?? 0) > 0 || r.true !== undefined || (r.text ?? '').trim() !== '') return true
  return (r.blanks ?? []).some((b) => b.trim() !== '')
}

/** mm:ss, or h:mm:ss past an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`
}

/** A timestamp in the UI language, to the minute. */
export function when(iso: string | null | undefined, locale: string): string {
  if (!iso) return ''
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })
}

/**
 * The import progress bar's percentage. The upload takes the first 15%;
 * a check fills the rest by rows checked; an import gives checking up to
 * 70% and writing the last 30%, by rows written.
 */
export function importPercent(mode: 'preview' | 'import', p: ImportProgress): number {
  const frac = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0
  let v: number
  switch (p.stage) {
    case 'upload':
      v = 15 * frac
      break
    case 'reading':
      v = 15
      break
    case 'checking':
      v = 15 + (mode === 'preview' ? 85 : 55) * frac
      break
    case 'writing':
      v = 70 + 30 * frac
      break
    default:
      v = 100
  }
  return Math.round(v)
}

/**
 * What a held notebook entry says instead of its key: when the key will be
 * shown ("答案将在…后公布"), or why it is not. t is vue-i18n's translate.
 */
export function holdText(h: KeyHold, t: (key: string, named?: Record<string, unknown>) => string, locale: string): string {
  const paper = h.paperTitle
  const time = when(h.until, locale)
  switch (h.reason) {
    case 'after_close':
      return t('quiz.notebook.hold.afterClose', { time, paper })
    case 'not_done':
      return time ? t('quiz.notebook.hold.notDoneUntil', { time, paper }) : t('quiz.notebook.hold.notDone', { paper })
    case 'open_attempt':
      return t('quiz.notebook.hold.openAttempt', { paper })
    default:
      return t('quiz.notebook.hold.never', { paper })
  }
}

/** Who is asking, for the ownership rules below. */
export interface Viewer {
  id: number
  roles: readonly string[]
}

/**
 * Whether the viewer may assign a paper and see its results: its owner or
 * an admin (the server's quiz.MayManagePaper).
 */
export function mayManagePaper(p: { createdBy: number }, me: Viewer | null): boolean {
  if (!me) return false
  return me.roles.includes('admin') || (me.roles.includes('organizer') && p.createdBy !== 0 && p.createdBy === me.id)
}

/**
 * Whether the viewer may put questions into a bank or take them out: its
 * owner or an admin; any organizer for a shared bank (no owner).
 */
export function mayChangeBank(b: { createdBy?: number }, me: Viewer | null): boolean {
  if (!me) return false
  if (me.roles.includes('admin')) return true
  return me.roles.includes('organizer') && (!b.createdBy || b.createdBy === me.id)
}
