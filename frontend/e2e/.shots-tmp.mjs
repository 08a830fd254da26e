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
const api = (page, method, path, body) => page.evaluate(async ([m, p, b]) => {
  const r = await fetch('/api/v1' + p, { method: m, headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' }, body: b ? JSON.stringify(b) : undefined })
  return { status: r.status, body: await r.json().catch(() => null) }
}, [method, path, body])
const stage = process.argv[2] ?? 'all'
for (const locale of ['zh-CN', 'en']) {
  const org = await login('organizer', { width: 1366, height: 900 }, locale)
  const list = (await api(org.page, 'GET', '/judging/contests')).body
  const c = list.items.find((x) => x.title === SPEECH)
  const id = c.id
  const shot = async (p, n, full = true) => { await p.waitForTimeout(700); await p.screenshot({ path: `${OUT}/${n}-${locale}.png`, fullPage: full }) }
  await org.page.goto(`${BASE}/judging`); await shot(org.page, '00-list')
  await org.page.goto(`${BASE}/judging/${id}/edit`)
  await org.page.locator('[data-test="judging-edit"] .el-tabs').waitFor()
  await shot(org.page, '10-builder-basic')
  for (const [i, n] of ['rubric', 'entries', 'panel', 'tiers'].entries()) {
    await org.page.locator('.el-tabs__item').nth(i + 1).click()
    await shot(org.page, `1${i + 1}-builder-${n}`)
  }
  await org.page.goto(`${BASE}/judging/${id}/console`)
  await org.page.locator('[data-test="judging-console"]').waitFor()
  await shot(org.page, '20-console')
  const judge = await login('judge03', { width: 390, height: 844 }, locale)
  await judge.page.goto(`${BASE}/judging/${id}/pad`)
  await judge.page.waitForTimeout(1500)
  await shot(judge.page, '30-pad', false)
  await shot(judge.page, '31-pad-full', true)
  const scr = await login('organizer', { width: 1920, height: 1080 }, locale)
  await scr.page.goto(`${BASE}/judging/${id}/screen`)
  await scr.page.waitForTimeout(1500)
  await shot(scr.page, '40-screen', false)
  await org.page.goto(`${BASE}/judging/${id}/results`)
  await org.page.waitForTimeout(1500)
  await shot(org.page, '50-results')
  await org.page.goto(`${BASE}/judging/${id}/trail`)
  await org.page.waitForTimeout(1000)
  await shot(org.page, '60-trail')
  await org.ctx.close(); await judge.ctx.close(); await scr.ctx.close()
}
await browser.close()
