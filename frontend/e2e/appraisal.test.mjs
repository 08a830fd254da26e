// Browser end-to-end test of a document appraisal, blind from upload to the
// published bulletin, against a running server with the demo data:
//
//   WEISHI_URL=http://127.0.0.1:18130 WEISHI_ADMIN_PASSWORD=… node --test e2e/appraisal.test.mjs
//
// The organizer sets up a fresh appraisal through the API (two judges from
// other units than the demo unit head, two documents of the unit head's
// unit). The unit head uploads both PDFs by the drop zone and sees the
// progress reach 100%. The organizer assigns (k = 2) and opens reviewing
// on the desk. Judge A, on a phone, opens each blind document (pdf.js draws
// the page), marks deductions and on the first vetoes with a reason; judge
// B scores on the pad too. Before the reveal no answer judge A gets names
// the unit or the case. The organizer locks and reveals (logged), the
// bulletin is drafted from the data, edited, saved, exported as .docx (a
// zip whose word/document.xml carries the edited text) and published.
// Screenshots go to e2e/artifacts/appraisal-*.png.

import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { crc32, inflateRawSync } from 'node:zlib'
import { ARTIFACTS, BASE, PHONE, input, launch, loggedIn as session, pageApi as api, shooter, skip } from './helpers.mjs'

const DESKTOP = { width: 1440, height: 900 }
const STEP_TIMEOUT = 30_000
// The DOCX → PDF step runs where LibreOffice is installed (CI installs it).
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice'].some((p) => existsSync(p))

const shot = shooter('appraisal-')
const loggedIn = (browser, viewport, account, locale = 'zh-CN') => session(browser, viewport, account, { locale, timeout: STEP_TIMEOUT, context: { acceptDownloads: true } })

// A one-page PDF (Helvetica, ASCII) with a marker text.
function pdf(text) {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ]
  let out = '%PDF-1.4\n'
  const offs = []
  objs.forEach((o, i) => {
    offs.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const x = out.length
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('')
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

// A small DOCX (stored zip) whose properties name an author, which the
// converted PDF must not carry.
function docx(text) {
  const parts = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`],
    ['docProps/core.xml', '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SecretAuthorE2E</dc:creator><dc:title>SecretTitleE2E</dc:title></cp:coreProperties>'],
  ]
  const locals = []
  const centrals = []
  let off = 0
  for (const [name, text] of parts) {
    const n = Buffer.from(name)
    const d = Buffer.from(text)
    const crc = crc32(d)
    const lh = Buffer.alloc(30)
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(d.length, 18); lh.writeUInt32LE(d.length, 22); lh.writeUInt16LE(n.length, 26)
    const ch = Buffer.alloc(46)
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(d.length, 20); ch.writeUInt32LE(d.length, 24); ch.writeUInt16LE(n.length, 28); ch.writeUInt32LE(off, 42)
    locals.push(lh, n, d)
    centrals.push(ch, n)
    off += 30 + n.length + d.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(off, 16)
  return Buffer.concat([...locals, cd, end])
}

// Reads one member of a zip from its central directory.
function unzip(buf, name) {
  let eocd = buf.length - 22
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  assert.ok(eocd >= 0, 'not a zip: no end of central directory')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50)
    const method = buf.readUInt16LE(p + 10)
    const size = buf.readUInt32LE(p + 20)
    const nlen = buf.readUInt16LE(p + 28)
    const elen = buf.readUInt16LE(p + 30)
    const clen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const n = buf.subarray(p + 46, p + 46 + nlen).toString('utf8')
    if (n === name) {
      const lnlen = buf.readUInt16LE(local + 26)
      const lelen = buf.readUInt16LE(local + 28)
      const data = buf.subarray(local + 30 + lnlen + lelen, local + 30 + lnlen + lelen + size)
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8')
    }
    p += 46 + nlen + elen + clen
  }
  return null
}

test('a document appraisal runs blind from upload to the published bulletin', { skip, timeout: 300_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, DESKTOP, 'organizer')
    const head = await loggedIn(browser, DESKTOP, 'unithead')
    const me = (await api(head.page, 'GET', '/me')).body
    const unitId = me.unitId
    assert.ok(unitId, 'the unit head has a unit')
    const units = (await api(org.page, 'GET', '/units')).body
    const unitName = (units.items ?? units).find((u) => u.id === unitId).name

    // two judges of other units than the documents'
    const people = (await api(org.page, 'GET', '/contests/people?q=judge0')).body
    const candidates = (people.items ?? people).filter((p) => p.unitId !== unitId && /^judge0[3-7]$/.test(p.account))
    assert.ok(candidates.length >= 2, 'two judges from other units')
    const [ja, jb] = candidates
    const title = `案卷评查E2E-${Date.now().toString(36)}`
    const created = await api(org.page, 'POST', '/appraisal/contests', { title, panel: [ja, jb].map((p, i) => ({ userId: p.id, name: p.name, unitId: p.unitId, seat: i + 1 })) })
    assert.equal(created.status, 201, created.text)
    const id = created.body.id
    const caseNos = ['E2E文执罚〔2026〕901号', 'E2E文执罚〔2026〕902号']
    const put = await api(org.page, 'PUT', `/judging/contests/${id}/entries`, {
      entries: caseNos.map((c, i) => ({ order: i + 1, name: `测试承办人${i + 1}、测试承办人${i + 3}`, title: c, unitId, unit: unitName })),
    })
    assert.equal(put.status, 200, put.text)

    // the unit uploads its documents by the drop zone
    await head.page.goto(BASE + '/appraisal')
    const card = head.page.locator(`[data-test="unit-appraisal-${id}"]`)
    await card.waitFor()
    for (const [i, e] of put.body.entries.entries()) {
      const box = card.locator(`[data-test="upload-${e.id}"]`)
      await box.locator('input[type=file]').setInputFiles({ name: `${unitName}-${caseNos[i]}.pdf`, mimeType: 'application/pdf', buffer: pdf(`Appraisal document ${i + 1}`) })
      await box.locator('[data-test="uploaded-file"]').waitFor()
      assert.equal(await box.locator('[data-test="upload-progress"]').getAttribute('aria-valuenow'), '100')
    }
    let docxFile
    if (SOFFICE) {
      // a DOCX as the first document's second file: converted to PDF off the
      // request path, so judges view it in the browser
      const box = card.locator(`[data-test="upload-${put.body.entries[0].id}"]`)
      await box.locator('input[type=file]').setInputFiles({ name: `${unitName}-${caseNos[0]}.docx`, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx('E2E DOCX writ') })
      await box.locator('[data-test="uploaded-file"]').nth(1).waitFor()
      // converted off the request path: the unit head's page shows the
      // state turn from pending to done without a reload (a cold LibreOffice
      // start takes 5–20 s on a loaded machine)
      await box.locator('[data-test="conversion-done"]').waitFor({ timeout: 200_000 })
      const docs = (await api(org.page, 'GET', `/appraisal/contests/${id}/documents`)).body
      docxFile = docs.flatMap((d) => d.files).find((f) => f.kind === 'docx')
      assert.ok(docxFile, 'the DOCX is stored')
      assert.equal(docxFile.conversion, 'done', 'the DOCX was converted to PDF')
      const pdfText = await org.page.evaluate(async (u) => new TextDecoder('latin1').decode(await (await fetch(u)).arrayBuffer()), `/api/v1/appraisal/files/${docxFile.id}/pdf`)
      assert.ok(pdfText.startsWith('%PDF-'), 'the converted file is a PDF')
      for (const secret of ['SecretAuthorE2E', 'SecretTitleE2E']) assert.ok(!pdfText.includes(secret), `the PDF carries ${secret}`)
    }
    await shot(head.page, 'unit-upload')

    // the organizer assigns and opens reviewing on the desk
    await org.page.goto(`${BASE}/appraisal/${id}`)
    await org.page.locator('[data-test="appraisal-documents"]').waitFor()
    await org.page.getByRole('tab', { name: '分配' }).click()
    await input(org.page, 'assign-k').fill('2')
    await org.page.locator('[data-test="assign-run"]').click()
    await org.page.locator('[data-test="assign-seed-shown"]').waitFor()
    const loads = await org.page.locator('[data-test="assign-loads"] tbody tr').allInnerTexts()
    assert.equal(loads.length, 2)
    for (const l of loads) assert.match(l, /\b2\b/)
    await shot(org.page, 'assignment')
    await org.page.getByRole('tab', { name: '锁定与揭晓' }).click()
    await org.page.locator('[data-test="appraisal-open"]').click()
    await org.page.locator('[data-test="appraisal-lock"]').waitFor()

    // two judges score on the phone pad; judge A vetoes the first document
    for (const [ji, j] of [ja, jb].entries()) {
      const judge = await loggedIn(browser, PHONE, j.account)
      await judge.page.goto(`${BASE}/appraisal/${id}/review`)
      const docs = judge.page.locator('[data-test^="review-doc-"]')
      await docs.first().waitFor()
      assert.equal(await docs.count(), 2)
      const view = await api(judge.page, 'GET', `/appraisal/contests/${id}/judge`)
      for (const secret of [unitName, caseNos[0], '测试承办人']) assert.ok(!view.text.includes(secret), `the judge view carries ${secret}`)
      for (let d = 0; d < 2; d++) {
        await judge.page.locator('[data-test^="review-doc-"]').nth(d).click()
        await judge.page.locator('[data-test="pdf-canvas"][data-pages="1"]').waitFor()
        const second = judge.page.locator('[data-test="review-viewer"] .el-radio-button')
        if (docxFile && (await second.count()) > 1) {
          // the converted DOCX opens in pdf.js under its blind name
          const pdfResp = judge.page.waitForResponse((r) => r.url().endsWith(`/appraisal/files/${docxFile.id}/pdf`))
          await second.nth(1).click()
          const resp = await pdfResp
          assert.equal(resp.status(), 200)
          assert.match(resp.headers()['content-disposition'] ?? '', /^inline; filename\*=UTF-8''%E6%96%87%E4%B9%A6-\d+-2\.pdf$/)
          await judge.page.locator('[data-test="pdf-canvas"][data-pages="1"]').waitFor()
          if (ji === 0) await shot(judge.page, 'judge-docx-phone')
        }
        const inc = judge.page.locator('[data-test="mark-evidence-chain"] .el-input-number__increase')
        await inc.click()
        if (ji === 0 && d === 0) {
          await judge.page.locator('[data-test="veto-evidence_lacking"]').click()
          assert.ok(await judge.page.locator('[data-test="sheet-submit"]').isDisabled(), 'a veto without a reason cannot be submitted')
          await input(judge.page, 'veto-reason-evidence_lacking').fill('缺少现场检查笔录，主要事实无证据证明')
        }
        await judge.page.locator('textarea[data-test="sheet-comment"], [data-test="sheet-comment"] textarea').first().fill('证据之间未能相互印证')
        assert.match(await judge.page.locator('[data-test="sheet-total"]').innerText(), /95/)
        if (ji === 0 && d === 0) await shot(judge.page, 'judge-pad-phone', true)
        await judge.page.locator('[data-test="sheet-submit"]').click()
        await judge.page.locator('.el-alert--success').first().waitFor()
        await judge.page.locator('[data-test="review-back"]').click()
      }
      assert.equal((await api(judge.page, 'GET', `/appraisal/contests/${id}/documents`)).status, 403)
      assert.deepEqual(judge.errors, [])
      await judge.ctx.close()
    }

    // lock, then the logged reveal
    await org.page.reload()
    await org.page.getByRole('tab', { name: '锁定与揭晓' }).click()
    await org.page.locator('[data-test="appraisal-lock"]').click()
    await org.page.locator('[data-test="appraisal-reveal"]').click()
    await org.page.locator('.el-message-box__btns .el-button--primary').click()
    await org.page.locator('[data-test="appraisal-revealed"]').waitFor()

    // the bulletin: drafted, edited, saved, exported, published
    await org.page.goto(`${BASE}/appraisal/${id}/bulletin`)
    const body0 = org.page.locator('textarea[data-test="bulletin-body-0"], [data-test="bulletin-body-0"] textarea').first()
    await body0.waitFor()
    const problems = await org.page.locator('[data-test="bulletin-problems"]').innerText()
    assert.match(problems, /证据不能相互印证/)
    assert.match(await org.page.locator('[data-test="bulletin-vetoes"]').innerText(), /主要证据不足/)
    const edited = `本次评查经组织者编辑确认（${title}）。`
    await body0.fill(edited)
    await org.page.locator('[data-test="bulletin-save"]').click()
    await org.page.locator('.el-message--success').first().waitFor()
    const [download] = await Promise.all([org.page.waitForEvent('download'), org.page.locator('[data-test="bulletin-docx"]').click()])
    const file = join(ARTIFACTS, 'appraisal-bulletin.docx')
    mkdirSync(ARTIFACTS, { recursive: true })
    await download.saveAs(file)
    const xml = unzip(readFileSync(file), 'word/document.xml')
    assert.ok(xml, 'the .docx has word/document.xml')
    assert.ok(xml.includes(edited), 'the .docx carries the edited text')
    assert.ok(xml.includes('仿宋') && xml.includes('黑体'), 'official fonts')
    // the printable page: a window of its own in official-document style
    const [printed] = await Promise.all([org.page.waitForEvent('popup'), org.page.locator('[data-test="bulletin-print"]').click()])
    await printed.waitForLoadState()
    const printedText = await printed.locator('body').innerText()
    assert.ok(printedText.includes(edited), 'the printable page carries the edited text')
    assert.match(printedText, /二、评选结果[\s\S]*四、存在的主要问题[\s\S]*证据不能相互印证/)
    assert.equal(await printed.locator('h1').innerText(), await org.page.locator('input[data-test="bulletin-title"], [data-test="bulletin-title"] input').first().inputValue())
    assert.match(await printed.evaluate(() => getComputedStyle(document.body).fontFamily), /FangSong|仿宋/)
    await printed.setViewportSize({ width: 794, height: 1123 })
    await shot(printed, 'bulletin-print', true)
    await printed.close()
    // the three charts draw when scrolled into view
    await org.page.locator('.when-visible').last().scrollIntoViewIfNeeded()
    for (const c of ['pareto', 'units', 'severity']) await org.page.locator(`[data-test="chart-${c}"] canvas`).waitFor()
    await shot(org.page, 'bulletin', true)
    await org.page.locator('[data-test="bulletin-publish"]').click()
    await org.page.locator('[data-test="bulletin-published"]').waitFor()
    const pub = await api(head.page, 'GET', `/appraisal/contests/${id}/bulletin`)
    assert.equal(pub.status, 200)
    assert.ok(pub.text.includes(edited))
    assert.deepEqual(org.errors, [])
    assert.deepEqual(head.errors, [])
  } finally {
    await browser.close()
  }
})
