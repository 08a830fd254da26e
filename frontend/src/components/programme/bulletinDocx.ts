// A stage bulletin (阶段通报) as a Word document, loaded only when someone
// exports: the official-document style of the appraisal bulletin — the
// title in 小标宋/黑体 centred, the range under it, headings (一、二、…) in
// 黑体, the body in 仿宋 三号 (16 pt) with a two-character indent and fixed
// 28 pt lines — then the per-unit figures as a table and the issuer and date.
import type { Bulletin } from '@/types/programme'

export interface BulletinDocxLabels {
  range: string
  issuer: string
  date: string
  columns: string[] // unit, attendance, hours per person, quiz pass rate, tasks, overdue
}

const heading = /^[一二三四五六七八九十]+、/

export function bulletinRows(b: Bulletin): string[][] {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`
  return b.data.units.map((u) => [
    u.unitName,
    u.expected ? pct(u.attendanceRate) : '—',
    String(u.hoursPerPerson),
    u.quizAssigned ? pct(u.quizPassRate) : '—',
    `${u.tasksDone}/${u.tasksAssigned}`,
    String(u.tasksOverdue),
  ])
}

export async function bulletinDocx(b: Bulletin, l: BulletinDocxLabels): Promise<Blob> {
  const { AlignmentType, Document, LineRuleType, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx')
  const size = 32 // half-points: 16 pt, 三号
  const line = { line: 560, lineRule: LineRuleType.EXACT } // 28 pt
  const fang = { eastAsia: '仿宋', ascii: 'FangSong', hAnsi: 'FangSong' }
  const hei = { eastAsia: '黑体', ascii: 'SimHei', hAnsi: 'SimHei' }
  const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun({ text: b.title, font: { eastAsia: '方正小标宋简体', ascii: 'SimHei', hAnsi: 'SimHei' }, size: 44 })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: l.range, font: fang, size: 28 })] }),
  ]
  const lines = b.body.split('\n')
  if (lines[0]?.trim() === b.title.trim()) lines.shift()
  for (const raw of lines) {
    const p = raw.trim()
    if (!p) continue
    const font = heading.test(p) ? hei : fang
    children.push(new Paragraph({ spacing: line, indent: { firstLine: 640 }, children: [new TextRun({ text: p, font, size })] }))
  }
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: bold ? hei : fang, size: 24 })] })] })
  children.push(new Paragraph({ spacing: { before: 300 }, children: [] }))
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: l.columns.map((c) => cell(c, true)) }),
        ...bulletinRows(b).map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
      ],
    }),
  )
  for (const [i, text] of [l.issuer, l.date].entries()) {
    children.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: i === 0 ? 600 : 0, ...line }, children: [new TextRun({ text, font: fang, size })] }))
  }
  const doc = new Document({
    creator: 'Weishi',
    title: b.title,
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } }, children }],
  })
  return Packer.toBlob(doc)
}
