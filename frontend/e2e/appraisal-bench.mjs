// Measures a 20 MB PDF upload and its first page shown to a judge (pdf.js),
// on a running server with the demo data (docs/benchmarks.md):
//   WEISHI_URL=… node e2e/appraisal-bench.mjs
import { chromium } from 'playwright-core'

const BASE = process.env.WEISHI_URL
const PASSWORD = process.env.WEISHI_DEMO_PASSWORD || 'Demo2026'

function bigPdf(bytes) {
  const text = 'BT /F1 24 Tf 72 720 Td (A 20 MB document) Tj ET'
  const pad = 'x'.repeat(bytes)
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    `<< /Length ${pad.length} >>\nstream\n${pad}\nendstream`, // unreferenced bulk, as scans are
  ]
  let out = '%PDF-1.4\n'
  const offs = []
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n` })
  const x = out.length
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('')
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

async function login(b, account) {
  const ctx = await b.newContext({ viewport: { width: 1440, height: 900 } })
  const p = await ctx.newPage()
  await p.goto(BASE + '/login')
  await p.locator('[data-test="login-account"] input, input[data-test="login-account"]').first().fill(account)
  await p.locator('[data-test="login-password"] input, input[data-test="login-password"]').first().fill(PASSWORD)
  await p.locator('[data-test="login-submit"]').click()
  await p.locator('[data-test="home-greeting"]').waitFor()
  return p
}
const call = (p, method, path, body) => p.evaluate(async ({ method, path, body }) => {
  const csrf = decodeURIComponent((document.cookie.match(/(?:^|; )weishi_csrf=([^;]*)/) || [])[1] || '')
  const r = await fetch('/api/v1' + path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: body && JSON.stringify(body) })
  return r.json()
}, { method, path, body })

const b = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const org = await login(b, 'organizer')
const judgeP = await login(b, 'judge03')
const me = await call(judgeP, 'GET', '/me')
const units = (await call(org, 'GET', '/units')).items
const other = units.find((u) => u.id !== me.unitId && u.parentId)
const c = await call(org, 'POST', '/appraisal/contests', { title: 'bench-' + Date.now(), panel: [{ userId: me.id, name: me.name, unitId: me.unitId, seat: 1 }] })
const { entries } = await call(org, 'PUT', `/judging/contests/${c.id}/entries`, { entries: [{ order: 1, name: 'x', title: 'bench', unitId: other.id, unit: other.name }] })
const data = bigPdf(20 * 1024 * 1024 - 2048)
const results = []
for (let run = 0; run < 3; run++) {
  const t0 = Date.now()
  const up = await org.evaluate(async ({ path, b64 }) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
    const f = new FormData()
    f.append('file', new Blob([bytes], { type: 'application/pdf' }), 'big.pdf')
    const csrf = decodeURIComponent((document.cookie.match(/(?:^|; )weishi_csrf=([^;]*)/) || [])[1] || '')
    const t = performance.now()
    const r = await fetch(path, { method: 'POST', headers: { 'X-CSRF-Token': csrf }, body: f })
    return { status: r.status, ms: performance.now() - t }
  }, { path: `/api/v1/appraisal/contests/${c.id}/entries/${entries[0].id}/files`, b64: data.toString('base64') })
  if (run === 0) {
    await call(org, 'POST', `/appraisal/contests/${c.id}/assignment`, { k: 1 })
    await call(org, 'POST', `/judging/contests/${c.id}/status`, { status: 'open' })
  }
  await judgeP.goto(`${BASE}/appraisal/${c.id}/review`)
  await judgeP.locator('[data-test^="review-doc-"]').first().waitFor()
  const t1 = Date.now()
  await judgeP.locator('[data-test^="review-doc-"]').first().click()
  await judgeP.locator('[data-test="pdf-canvas"][data-pages="1"]').waitFor({ timeout: 60000 })
  await judgeP.waitForFunction(() => { const c = document.querySelector('[data-test="pdf-canvas"]'); return c && c.width > 0 })
  const shown = Date.now() - t1
  results.push({ run, status: up.status, uploadMs: Math.round(up.ms), firstPageMs: shown, totalMs: Math.round(up.ms) + shown, wallMs: Date.now() - t0 })
}
console.log(JSON.stringify(results))
await b.close()
