// Browser end-to-end test of the seeded speech contest, against a running
// server with the demo data (organizer, judge, judge2, judge03…judge07;
// password Demo2026):
//
//   WEISHI_URL=http://127.0.0.1:18130 WEISHI_ADMIN_PASSWORD=… node --test e2e/judging.test.mjs
//
// The organizer puts a speaker on stage from the stage console (the first
// speaker, in drawn order, whom no judge must recuse and nobody has scored,
// so the test can run again on the same server) and starts the timer. Seven
// judge pads (seven phone-sized browser contexts; the first reaches its pad
// through the judge menu) score the speaker and submit with confirmation.
// The big screen shows 评委1…7 as the sheets arrive; after the reveal it
// shows their scores with the highest and lowest struck through and the
// trimmed mean at two decimals, and the running ranking lists the speaker.
// A second test builds a contest from scratch in the English UI. A third
// sets up a small contest through the API: a judge vetoes on the pad (the
// reason is required), the contest is published, the results page issues
// the award certificate, and the public /verify/award page checks its code.
// Screenshots go to e2e/artifacts/judging-*.png.

import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const BASE = (process.env.WEISHI_URL ?? '').replace(/\/+$/, '')
const ADMIN_PASSWORD = process.env.WEISHI_ADMIN_PASSWORD ?? ''
const DEMO_PASSWORD = process.env.WEISHI_DEMO_PASSWORD || 'Demo2026'
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts')
const DESKTOP = { width: 1366, height: 900 }
const PHONE = { width: 390, height: 844 }
const SCREEN = { width: 1920, height: 1080 }
const STEP_TIMEOUT = 20_000
const JUDGES = ['judge', 'judge2', 'judge03', 'judge04', 'judge05', 'judge06', 'judge07']
const SPEECH = '“守护文化市场 护航美好生活”主题演讲比赛'

function skipReason() {
  if (!BASE) return 'WEISHI_URL is not set: browser tests skipped'
  if (!ADMIN_PASSWORD) return 'WEISHI_ADMIN_PASSWORD is not set: browser tests skipped'
  if (!existsSync(CHROMIUM)) return 'chromium not installed: browser tests skipped'
  return false
}
const skip = skipReason()
if (skip) console.log(skip)

function input(page, name) {
  return page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
}

async function shot(page, name, fullPage = false) {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(ARTIFACTS, `judging-${name}.png`), animations: 'disabled', fullPage })
}

async function loggedIn(browser, viewport, account, password, locale = 'zh-CN') {
  const ctx = await browser.newContext({ viewport, locale, deviceScaleFactor: viewport === PHONE ? 2 : 1 })
  ctx.setDefaultTimeout(STEP_TIMEOUT)
  const page = await ctx.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(BASE + '/login')
  await input(page, 'login-account').fill(account)
  await input(page, 'login-password').fill(password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="home-greeting"]').waitFor()
  return { ctx, page, errors }
}

async function launch() {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

// content scores of the seven judges; the other criteria give 49 more
const CONTENT = [33, 36.5, 31, 35, 34, 38, 32.5]

test('seven judge pads score one speaker; the big screen strikes the highest and lowest and shows the trimmed mean', { skip, timeout: 300_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD)
    const pick = await org.page.evaluate(async (title) => {
      const list = await (await fetch('/api/v1/judging/contests')).json()
      const c = list.items.find((x) => x.title === title)
      const full = await (await fetch(`/api/v1/judging/contests/${c.id}`)).json()
      const board = await (await fetch(`/api/v1/judging/contests/${c.id}/board`)).json()
      const units = new Set(full.config.panel.map((j) => j.unitId))
      const e = board.entries.find((x) => !units.has(x.unitId) && x.submitted.length === 0)
      return { id: c.id, entry: e && { id: e.id, order: e.order, name: e.name } }
    }, SPEECH)
    assert.ok(pick.entry, 'a speaker nobody has scored and nobody must recuse')
    const { id, entry } = pick

    // the stage console puts the speaker on stage and starts the timer
    await org.page.goto(`${BASE}/judging/${id}/console`)
    await org.page.locator(`[data-test="console-onstage-${entry.order}"]`).click()
    await org.page.locator('[data-test="console-onstage"]', { hasText: entry.name }).waitFor()
    await org.page.locator('[data-test="console-start"]').click()

    const screen = await loggedIn(browser, SCREEN, 'organizer', DEMO_PASSWORD)
    await screen.page.goto(`${BASE}/judging/${id}/screen`)
    await screen.page.locator('[data-test="screen-speaker"]', { hasText: entry.name }).waitFor()
    await screen.page.locator('[data-test="screen-timer"]').waitFor()

    const pads = []
    for (const [i, account] of JUDGES.entries()) {
      const p = await loggedIn(browser, PHONE, account, DEMO_PASSWORD)
      if (i === 0) {
        // the judge's menu leads to the pad
        await p.page.locator('[data-test="open-menu"]').click()
        await p.page.locator('[data-test="menu-judging"]').click()
        // the seeded contest's card (a later test adds newer contests this judge sits on)
        await p.page.locator(`[data-test="judging-item-${id}"] [data-test="judging-pad-link"]`).click()
      } else {
        await p.page.goto(`${BASE}/judging/${id}/pad`)
      }
      await p.page.locator('[data-test="pad-speaker"]', { hasText: entry.name }).waitFor()
      pads.push(p)
    }
    for (const [i, p] of pads.entries()) {
      const pg = p.page
      await input(pg, 'pad-score-content').fill(String(CONTENT[i]))
      await input(pg, 'pad-score-language').fill('25')
      await input(pg, 'pad-score-manner').fill('12')
      await input(pg, 'pad-score-effect').fill('12')
      await input(pg, 'pad-score-effect').press('Tab')
      await pg.locator('[data-test="pad-total"]', { hasText: String(CONTENT[i] + 49) }).waitFor()
      if (i === 0) {
        // out of range: the pad says so and the sheet cannot be submitted yet
        await input(pg, 'pad-score-manner').fill('16')
        await input(pg, 'pad-score-manner').press('Tab')
        await pg.locator('.criterion .err', { hasText: '0–15' }).waitFor()
        assert.ok(await pg.locator('[data-test="pad-submit"]').isDisabled())
        await shot(pg, '01-pad-filled')
        await input(pg, 'pad-score-manner').fill('12')
        await input(pg, 'pad-score-manner').press('Tab')
        // the draft survives a reload
        await pg.waitForTimeout(1000)
        await pg.reload()
        await pg.locator('[data-test="pad-total"]', { hasText: String(CONTENT[i] + 49) }).waitFor()
      }
      await pg.locator('[data-test="pad-submit"]').click()
      await pg.locator('.el-message-box__btns .el-button--primary').click()
      await pg.locator('[data-test="pad-submitted"]').waitFor()
      if (i === 0) await shot(pg, '02-pad-submitted')
      if (i === 2) await shot(screen.page, '03-screen-arriving')
    }
    for (let s = 1; s <= 7; s++) await screen.page.locator(`[data-test="screen-seat-${s}"].done`).waitFor()
    // nothing shown before the reveal
    assert.equal(await screen.page.locator('[data-test="screen-mark"]').count(), 0)

    await org.page.locator('[data-test="console-submitted"]', { hasText: '7/7' }).waitFor()
    await org.page.locator('[data-test="console-stop"]').click()
    await org.page.locator('[data-test="console-reveal"]').click()
    await screen.page.locator('[data-test="screen-final"]').waitFor()
    assert.equal(await screen.page.locator('[data-test="screen-mark"]').count(), 7)
    // totals 82, 85.5, 80, 84, 83, 87, 81.5: 87 (评委6) and 80 (评委3) struck; (82+85.5+84+83+81.5)/5 = 83.20
    assert.equal(await screen.page.locator('[data-test="screen-mark"].strike').count(), 2)
    assert.match(await screen.page.locator('[data-test="screen-seat-6"]').innerText(), /87\.00/)
    assert.equal(await screen.page.locator('[data-test="screen-seat-6"] .strike').count(), 1)
    assert.equal(await screen.page.locator('[data-test="screen-seat-3"] .strike').count(), 1)
    assert.match(await screen.page.locator('[data-test="screen-final"]').innerText(), /83\.20/)
    await shot(screen.page, '04-screen-revealed')

    await org.page.locator('[data-test="console-ranking"]').click()
    await screen.page.locator('[data-test="screen-ranking"] li', { hasText: entry.name }).waitFor()
    assert.match(await screen.page.locator('[data-test="screen-ranking"]').innerText(), /83\.20/)
    await shot(screen.page, '05-screen-ranking')
    await shot(org.page, '06-console')

    await org.page.goto(`${BASE}/judging/${id}/results`)
    await org.page.locator('[data-test="results-table"]', { hasText: entry.name }).waitFor()
    await shot(org.page, '07-results')
    await org.page.goto(`${BASE}/judging/${id}/edit`)
    await org.page.locator('[data-test="judging-edit"] .el-tabs').waitFor()
    await org.page.locator('.el-tabs__item', { hasText: '评委组' }).click()
    await org.page.locator('[data-test="judging-recusal"]').first().waitFor()
    assert.equal(await org.page.locator('[data-test="judging-recusal"]').count(), 3)
    await shot(org.page, '08-panel-recusals')

    for (const p of [org, screen, ...pads]) assert.deepEqual(p.errors, [], 'no page errors')
  } finally {
    await browser.close()
  }
})

test('an organizer builds a speech contest from scratch in English and opens it', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD, 'en')
    const pg = org.page
    await pg.evaluate(() => localStorage.setItem('weishi.locale', 'en'))
    await pg.goto(`${BASE}/judging`)
    await pg.locator('[data-test="judging-create"]').click()
    const title = `E2E speech ${Date.now()}`
    await input(pg, 'judging-title').fill(title)
    await pg.locator('[data-test="judging-create-ok"]').click()
    await pg.locator('[data-test="judging-edit"] .el-tabs').waitFor()
    // the rubric: rename a criterion, add one with a step that does not divide its maximum → field error
    await pg.locator('.el-tabs__item', { hasText: 'Rubric' }).click()
    await input(pg, 'criterion-name-0').fill('Content')
    await pg.locator('[data-test="criterion-add"]').click()
    await input(pg, 'criterion-name-4').fill('Timing')
    await input(pg, 'criterion-max-4').fill('3')
    await input(pg, 'criterion-max-4').press('Tab')
    await pg.locator('[data-test="judging-save"]').click()
    await pg.locator('.el-message--success').waitFor()
    // speakers by hand
    await pg.locator('.el-tabs__item', { hasText: 'Speakers' }).click()
    for (const [i, name] of ['Alice', 'Bob', 'Carol'].entries()) {
      await pg.locator('[data-test="entry-add"]').click()
      await input(pg, `entry-name-${i}`).fill(name)
    }
    // the panel: three judges found by account
    await pg.locator('.el-tabs__item', { hasText: 'Panel' }).click()
    for (const acct of ['judge03', 'judge06', 'judge07']) {
      await input(pg, 'judge-search').fill(acct)
      await input(pg, 'judge-search').press('Enter')
      await pg.locator(`[data-test="judge-pick-${acct}"]`).click()
    }
    await pg.locator('[data-test="judging-save"]').click()
    await pg.locator('.el-message--success').last().waitFor()
    await pg.locator('.el-tabs__item', { hasText: 'Speakers' }).click()
    await pg.locator('[data-test="judging-draw"]').click()
    await pg.locator('.el-message--success', { hasText: 'seed' }).waitFor()
    await shot(pg, '09-builder-en')
    await pg.locator('[data-test="judging-status-open"]').click()
    await pg.locator('.el-message-box__btns .el-button--primary').click()
    await pg.locator('[data-test="judging-edit"] .el-tag', { hasText: 'Scoring' }).waitFor()
    const status = await pg.evaluate(async (title) => {
      const list = await (await fetch('/api/v1/judging/contests')).json()
      return list.items.find((x) => x.title === title)
    }, title)
    assert.equal(status.status, 'open')
    assert.equal(status.panel, 3)
    assert.deepEqual(org.errors, [])
  } finally {
    await browser.close()
  }
})

// api calls fetch from the page with the session's CSRF token.
async function api(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const csrf = (document.cookie.match(/(?:^|; )weishi_csrf=([^;]*)/) || [])[1] || ''
    const r = await fetch('/api/v1' + path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) }, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : null }
  }, { method, path, body })
}

const SHEET = { scores: { content: 33, language: 25, manner: 12, effect: 12 } }

test('a judge vetoes with a reason on the pad; the published winner gets a printable certificate that verifies publicly', { skip, timeout: 240_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD)
    const list = await api(org.page, 'GET', '/judging/contests')
    const seeded = list.body.items.find((x) => x.title === SPEECH)
    const full = (await api(org.page, 'GET', `/judging/contests/${seeded.id}`)).body
    const board = (await api(org.page, 'GET', `/judging/contests/${seeded.id}/board`)).body
    // judge, judge03 and judge06: none shares a unit with the two speakers picked
    const panel = [0, 2, 5].map((i, seat) => ({ ...full.config.panel[i], seat: seat + 1 }))
    const units = new Set(panel.map((j) => j.unitId))
    const speakers = board.entries.filter((e) => !units.has(e.unitId)).slice(0, 2)
    assert.equal(speakers.length, 2)
    const title = `证书验证赛 ${Date.now()}`
    const config = { ...full.config, panel, conflicts: [], decisions: [], tiers: [{ name: '一等奖', count: 1 }], aggregation: { method: 'mean', precision: 2, tieKey: 'content' } }
    const created = await api(org.page, 'POST', '/judging/contests', { kind: 'speech', title, config })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const base = `/judging/contests/${created.body.id}`
    const put = await api(org.page, 'PUT', base + '/entries', { entries: speakers.map((e, i) => ({ order: i + 1, name: e.name, title: e.title, unitId: e.unitId, unit: e.unit })) })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    const [vetoed, winner] = put.body.entries
    assert.equal((await api(org.page, 'POST', base + '/status', { status: 'open' })).status, 200)
    assert.equal((await api(org.page, 'POST', base + '/stage', { type: 'onstage', entryId: vetoed.id })).status, 200)

    // the pad: a veto without a reason cannot be submitted
    const pad = await loggedIn(browser, PHONE, 'judge', DEMO_PASSWORD)
    const pg = pad.page
    await pg.goto(`${BASE}/judging/${created.body.id}/pad`)
    await pg.locator('[data-test="pad-speaker"]', { hasText: vetoed.name }).waitFor()
    for (const [k, v] of Object.entries(SHEET.scores)) await input(pg, `pad-score-${k}`).fill(String(v))
    await input(pg, 'pad-score-effect').press('Tab')
    await pg.locator('[data-test="pad-veto-politics"]').click()
    await pg.locator('[data-test="pad-veto-missing-politics"]').waitFor()
    assert.ok(await pg.locator('[data-test="pad-submit"]').isDisabled())
    await shot(pg, '09-pad-veto-needs-reason')
    await input(pg, 'pad-veto-reason-politics').fill('演讲中对政策表述存在原则性错误')
    await pg.locator('[data-test="pad-veto-missing-politics"]').waitFor({ state: 'detached' })
    await pg.locator('[data-test="pad-submit"]').click()
    await pg.locator('.el-message-box__btns .el-button--primary').click()
    await pg.locator('[data-test="pad-submitted"]').waitFor()
    await shot(pg, '10-pad-veto-submitted')

    const others = [await loggedIn(browser, PHONE, 'judge03', DEMO_PASSWORD), await loggedIn(browser, PHONE, 'judge06', DEMO_PASSWORD)]
    for (const o of others) assert.equal((await api(o.page, 'POST', `${base}/entries/${vetoed.id}/sheet`, SHEET)).status, 201)
    assert.equal((await api(org.page, 'POST', base + '/stage', { type: 'onstage', entryId: winner.id })).status, 200)
    for (const o of [pad, ...others]) assert.equal((await api(o.page, 'POST', `${base}/entries/${winner.id}/sheet`, SHEET)).status, 201)
    for (const s of ['locked', 'published']) assert.equal((await api(org.page, 'POST', base + '/status', { status: s })).status, 200)
    const results = (await api(org.page, 'GET', base + '/results')).body
    const failed = results.results.find((r) => r.entryId === vetoed.id)
    assert.ok(failed.failed && failed.vetoes.includes('演讲中对政策表述存在原则性错误'), JSON.stringify(failed))

    // the results page issues the certificates and opens them for printing
    await org.page.goto(`${BASE}/judging/${created.body.id}/results`)
    await org.page.locator('[data-test="issue-certificates"]').click()
    await org.page.locator('[data-test="award-certificate"]').first().waitFor()
    assert.equal(await org.page.locator('[data-test="award-certificate"]').count(), 1)
    const cert = org.page.locator('[data-test="award-certificate"]')
    assert.match(await cert.innerText(), new RegExp(winner.name))
    assert.match(await org.page.locator('[data-test="award-tier"]').innerText(), /一等奖/)
    await org.page.locator('[data-test="award-certificate"] img').evaluate((img) => img.decode())
    await shot(org.page, '11-certificate', true)
    const code = (await org.page.locator('[data-test="award-code"]').innerText()).split('：').pop().trim()
    const pdf = await org.page.pdf({ format: 'A4', printBackground: true })
    assert.ok(pdf.length > 1000)

    // anyone can check the code without signing in
    const anon = await browser.newContext({ viewport: PHONE })
    const ap = await anon.newPage()
    const resp = await ap.goto(`${BASE}/verify/award/${code}`)
    assert.equal(resp.status(), 200)
    assert.equal(await ap.locator('[data-test="verify-name"]').innerText(), winner.name)
    assert.equal(await ap.locator('[data-test="verify-tier"]').innerText(), '一等奖')
    await shot(ap, '12-verify')
    assert.equal((await ap.goto(`${BASE}/verify/award/NOSUCHCODE`)).status(), 404)

    for (const p of [org, pad, ...others]) assert.deepEqual(p.errors, [], 'no page errors')
  } finally {
    await browser.close()
  }
})
