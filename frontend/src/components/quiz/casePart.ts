import type { Part, PartType } from '@/types/quiz'

/** A case-analysis sub-question as the editor holds it. */
export interface PartForm {
  type: PartType
  stem: string
  options: { key: string; text: string }[]
  choices: string[]
  reference: string
  keywords: string
  explanation: string
  lawId?: number
  versionId?: number
  article: number
  paragraph: number
  item: number
}

export const LETTERS = 'ABCDEFGH'

/** A new sub-question (single choice of four options), citing lawId when given. */
export function blankPart(lawId?: number): PartForm {
  return {
    type: 'single',
    stem: '',
    options: ['A', 'B', 'C', 'D'].map((key) => ({ key, text: '' })),
    choices: [],
    reference: '',
    keywords: '',
    explanation: '',
    lawId,
    article: 1,
    paragraph: 0,
    item: 0,
  }
}

/** The editor's form of a stored sub-question. */
export function partForm(p: Part): PartForm {
  return {
    type: p.type,
    stem: p.stem,
    options: p.options?.map((o) => ({ ...o })) ?? ['A', 'B', 'C', 'D'].map((key) => ({ key, text: '' })),
    choices: [...(p.answer.choices ?? [])],
    reference: p.answer.reference ?? '',
    keywords: (p.answer.keywords ?? []).join('；'),
    explanation: p.explanation,
    lawId: p.citation.lawId || undefined,
    versionId: p.citation.versionId || undefined,
    article: p.citation.article || 1,
    paragraph: p.citation.paragraph ?? 0,
    item: p.citation.item ?? 0,
  }
}

/** The API's form of a sub-question (NewQuestion.parts[i]). */
export function partPayload(f: PartForm): Record<string, unknown> {
  const choice = f.type !== 'short'
  const answer = choice
    ? { choices: f.type === 'single' ? f.choices.slice(0, 1) : [...f.choices].sort() }
    : { reference: f.reference, keywords: f.keywords.split(/[;；]/).map((k) => k.trim()).filter(Boolean) }
  return {
    type: f.type,
    stem: f.stem,
    options: choice ? f.options : [],
    answer,
    explanation: f.explanation,
    citation: f.lawId
      ? { lawId: f.lawId, versionId: f.versionId ?? 0, article: f.article, paragraph: f.paragraph || undefined, item: f.item || undefined }
      : {},
  }
}
