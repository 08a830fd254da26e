import { chromium } from 'playwright-core'
const BASE = 'http://127.0.0.1:18601'
const OUT = '/tmp/jshots'
const SPEECH = '“守护文化市场 护航美好生活”主题演讲比赛'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
async function login(account, viewport, locale) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  await ctx.addInitScript((l) => localStorage.setItem('weishi.locale', l), locale)
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('pageerror', account, e.message))
  await page.goto(BASE + '/login')
  await page.locator('input[data-test="login-account"], [data-test="login-account"] input').first().fill(account)
  await page.locator('input[data-test="login-password"], [data-test="login-password"] input').first().fill('Demo2026')
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="home-greeting"]').waitFor()
  return { ctx, page }
}
async function api(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const csrf = (document.cookie.match(/(?:^|; )weishi_csrf=([^;]*)/) || [])[1] || ''
    const r = await fetch('/api/v1' + path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) }, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : null }
  }, { method, path, body })
}
const must = (r, what) => { if (r.status >= 300) throw new Error(what + ' ' + r.status + ' ' + JSON.stringify(r.body)); return r.body }
for (const locale of ['zh-CN', 'en']) {
  const org = await login('organizer', { width: 1366, height: 900 }, locale)
  const seeded = (await api(org.page, 'GET', '/judging/contests')).body.items.find((x) => x.title === SPEECH)
  const full = must(await api(org.page, 'GET', `/judging/contests/${seeded.id}`), 'get')
  const ents = must(await api(org.page, 'GET', `/judging/contests/${seeded.id}/entries`), 'entries').entries
  const cfg = structuredClone(full.config)
  cfg.panel = cfg.panel.slice(2, 5).map((j, i) => ({ ...j, seat: i + 1 }))
  cfg.rubric.timing = { limit: 14, warn: 10, bands: [{ upto: 30, deduct: 0.5 }, { upto: 0, deduct: 1 }] }
  const c = must(await api(org.page, 'POST', '/judging/contests', { kind: 'speech', title: `Shots ${locale} ${Date.now()}`, config: cfg }), 'create')
  const b = `/judging/contests/${c.id}`
  must(await api(org.page, 'PUT', b + '/entries', { entries: ents.slice(0, 4).map((e) => ({ name: e.name, title: e.title, unitId: e.unitId, unit: e.unit, order: e.order })) }), 'put entries')
  must(await api(org.page, 'POST', b + '/draw', { seed: '7' }), 'draw')
  must(await api(org.page, 'POST', b + '/status', { status: 'open' }), 'open')
  const es = must(await api(org.page, 'GET', b + '/entries'), 'e').entries
  const units = new Set(cfg.panel.map((j) => j.unitId))
  const free = es.filter((e) => !units.has(e.unitId))
  const shot = async (p, n, full = false) => { await p.waitForTimeout(600); await p.screenshot({ path: `${OUT}/${n}-${locale}.png`, fullPage: full }) }
  const judges = ['judge03', 'judge04', 'judge05']
  const pads = []
  for (const a of judges) pads.push(await login(a, { width: 390, height: 844 }, locale))
  const scr = await login('organizer', { width: 1920, height: 1080 }, locale)
  let k = 0
  for (const e of free.slice(0, 2)) {
    must(await api(org.page, 'POST', b + '/stage', { type: 'onstage', entryId: e.id }), 'onstage')
    must(await api(org.page, 'POST', b + '/stage', { type: 'start' }), 'start')
    if (k === 0) {
      await scr.page.goto(`${BASE}/judging/${c.id}/screen`)
      for (const p of pads) await p.page.goto(`${BASE}/judging/${c.id}/pad`)
      await org.page.goto(`${BASE}/judging/${c.id}/console`)
      await scr.page.waitForTimeout(5500)
      await shot(scr.page, '41-screen-warn'); await shot(pads[0].page, '32-pad-warn'); await shot(org.page, '21-console-live', true)
      await scr.page.waitForTimeout(4500)
      await shot(scr.page, '42-screen-over'); await shot(pads[0].page, '33-pad-over')
    }
    for (const [i, a] of pads.entries()) {
      must(await api(a.page, 'POST', `${b}/entries/${e.id}/sheet`, { scores: { content: 30 + i * 3 + k, language: 25, manner: 12, effect: 12 } }), 'sheet')
      if (k === 0 && i === 1) await shot(scr.page, '43-screen-arriving')
    }
    must(await api(org.page, 'POST', b + '/stage', { type: 'stop' }), 'stop')
    must(await api(org.page, 'POST', b + '/stage', { type: 'reveal', entryId: e.id }), 'reveal')
    if (k === 0) { await shot(scr.page, '44-screen-revealed'); await shot(pads[0].page, '34-pad-submitted', true) }
    k++
  }
  must(await api(org.page, 'POST', b + '/stage', { type: 'ranking', show: true }), 'ranking')
  await shot(scr.page, '45-screen-ranking')
  await shot(org.page, '22-console-after', true)
  must(await api(org.page, 'POST', b + '/status', { status: 'locked' }), 'lock')
  await org.page.goto(`${BASE}/judging/${c.id}/results`)
  await org.page.waitForTimeout(2000)
  await shot(org.page, '51-results-live', true)
  await org.page.goto(`${BASE}/judging/${c.id}/trail`)
  await org.page.waitForTimeout(1000)
  await shot(org.page, '61-trail-live', true)
  for (const x of [org, scr, ...pads]) await x.ctx.close()
}
await browser.close()
