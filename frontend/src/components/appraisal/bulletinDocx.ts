// The bulletin as a Word document (the docx package, loaded only when an
// organizer exports): official-document style — the title in 黑体 (SimHei)
// centred, headings in 黑体, the body in 仿宋 (FangSong) 三号 (16 pt) with a
// two-character first-line indent and fixed 28 pt lines.
import type { Section } from '@/types/appraisal'

export async function bulletinDocx(title: string, sections: Section[], footer: string): Promise<Blob> {
  const { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } = await import('docx')
  const size = 32 // half-points: 16 pt, 三号
  const line = { line: 560, lineRule: LineRuleType.EXACT } // 28 pt
  const body = (text: string) =>
    new Paragraph({ spacing: line, indent: { firstLine: 640 }, children: [new TextRun({ text, font: { eastAsia: '仿宋', ascii: 'FangSong', hAnsi: 'FangSong' }, size })] })
  const children: InstanceType<typeof Paragraph>[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 400 },
      children: [new TextRun({ text: title, font: { eastAsia: '方正小标宋简体', ascii: 'SimHei', hAnsi: 'SimHei' }, size: 44 })],
    }),
  ]
  for (const s of sections) {
    if (s.heading.trim()) {
      children.push(new Paragraph({ spacing: line, indent: { firstLine: 640 }, children: [new TextRun({ text: s.heading, font: { eastAsia: '黑体', ascii: 'SimHei', hAnsi: 'SimHei' }, size })] }))
    }
    for (const p of s.body.split('\n')) if (p.trim()) children.push(body(p.trim()))
  }
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 400, ...line }, children: [new TextRun({ text: footer, font: { eastAsia: '仿宋', ascii: 'FangSong' }, size })] }))
  const doc = new Document({
    creator: 'Weishi',
    title,
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } }, children }],
  })
  return Packer.toBlob(doc)
}
