// Browser end-to-end test of the seeded debate tournament, against a
// running server with the demo data (organizer, judge accounts; password
// Demo2026):
//
//   WEISHI_URL=http://127.0.0.1:18130 WEISHI_ADMIN_PASSWORD=… node --test e2e/debate.test.mjs
//
// The organizer opens a round-3 match nobody has judged yet (so the test
// can run again on the same server) in the match console and on the big
// screen. Its three judges (phone-sized contexts) find the match under
// 辩论赛, fill the ballot stage by stage (the first reloads midway: the
// draft is kept), vote and submit with confirmation. The big screen shows
// 评委1…3 as the ballots arrive; the organizer locks the match and reveals
// the votes one by one, then the result with the best debater and the
// standings, which now count the match. Screenshots go to
// e2e/artifacts/debate-*.png.

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
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const SCREEN = { width: 1920, height: 1080 }
const STEP_TIMEOUT = 20_000
const DEBATE = '全市文化市场综合执法辩论赛'

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
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(ARTIFACTS, `debate-${name}.png`), animations: 'disabled', fullPage })
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

async function api(page, path) {
  const r = await page.request.get(BASE + '/api/v1' + path)
  assert.equal(r.status(), 200, `${path}: ${r.status()}`)
  return r.json()
}

// Each judge's ballot: a share of each maximum per side, and the vote.
const BALLOTS = [
  { pro: 0.85, con: 0.75, vote: 'pro' },
  { pro: 0.8, con: 0.78, vote: 'pro' },
  { pro: 0.72, con: 0.82, vote: 'con' },
]

async function fillBallot(page, pad, b, reloadAfterFirst) {
  const f = pad.format
  const val = (max, share) => String(Math.floor((max * share) / 0.5) * 0.5)
  const scored = f.stages.filter((s) => s.max > 0)
  let first = true
  for (const s of scored) {
    await input(page, `in-${s.key}-pro`).fill(val(s.max, b.pro))
    await input(page, `in-${s.key}-con`).fill(val(s.max, b.con))
    await input(page, `in-${s.key}-con`).blur()
    if (first && reloadAfterFirst) {
      // the draft survives a reload
      await page.waitForTimeout(300)
      await page.reload()
      await page.locator('[data-test="pad-step"]').waitFor()
      assert.equal(await input(page, `in-${s.key}-pro`).inputValue(), val(s.max, b.pro))
    }
    first = false
    await page.locator('[data-test="pad-next"]').click()
  }
  await input(page, 'in-overall-pro').fill(val(f.overallMax, b.pro))
  await input(page, 'in-overall-con').fill(val(f.overallMax, b.con))
  await input(page, 'in-overall-con').blur()
  await page.locator('[data-test="pad-next"]').click()
  for (const side of ['pro', 'con']) {
    for (let p = 1; p <= 4; p++) {
      await input(page, `in-speaker-${side}-${p}`).fill(val(f.individualMax, b[side] - p * 0.01))
    }
  }
  await input(page, 'in-speaker-con-4').blur()
  await page.locator('[data-test="pad-next"]').click()
  await page.locator(`[data-test="vote-${b.vote}"]`).click()
}

test('three judges ballot a round-3 match; the screen reveals the votes one by one; the standings count it', { skip, timeout: 300_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD)
    const list = await api(org.page, '/debate/tournaments')
    const tour = list.items.find((x) => x.title === DEBATE)
    assert.ok(tour, 'the demo tournament is seeded')
    const before = await api(org.page, `/debate/tournaments/${tour.id}`)
    const match = before.matches.find((m) => m.round === 3 && !m.locked && m.submitted.length === 0)
    assert.ok(match, 'a round-3 match nobody judged yet')
    assert.equal(match.judges.length, 3)
    const winsBefore = new Map(before.table.rows.map((r) => [r.teamId, r.wins]))

    // the tournament page: the round-3 draw with its notes and panels, the standings with their columns
    await org.page.goto(BASE + `/debate/${tour.id}`)
    await org.page.locator(`[data-test="match-${match.id}"]`).waitFor()
    await shot(org.page, 'tournament', true)
    await org.page.locator('.el-tabs__item', { hasText: '积分榜' }).click()
    await org.page.locator('[data-test="standings"] .el-table__row').first().waitFor()
    await shot(org.page, 'standings')

    // judges' accounts (the admin reads them)
    const admin = await loggedIn(browser, DESKTOP, 'admin', ADMIN_PASSWORD)
    const accounts = []
    for (const id of match.judges) accounts.push((await api(admin.page, `/users/${id}`)).account)
    await admin.ctx.close()

    // console and big screen
    await org.page.goto(BASE + `/debate/matches/${match.id}/console`)
    await org.page.locator('[data-test="console-seat-3"]').waitFor()
    const screenCtx = await browser.newContext({ viewport: SCREEN, locale: 'zh-CN', storageState: await org.ctx.storageState() })
    const screen = await screenCtx.newPage()
    await screen.goto(BASE + `/debate/matches/${match.id}/screen`)
    await screen.locator('[data-test="screen-motion"]').waitFor()
    await org.page.locator('[data-test="next-stage"]').click()
    await screen.locator('[data-test="screen-timer"]').waitFor()
    await shot(screen, 'screen-stage')

    // three judges on phones
    for (let i = 0; i < 3; i++) {
      const j = await loggedIn(browser, PHONE, accounts[i], DEMO_PASSWORD)
      await j.page.goto(BASE + '/debate')
      await j.page.locator(`[data-test="my-match-${match.id}"] button`).click()
      await j.page.locator('[data-test="pad-step"]').waitFor()
      const pad = await api(j.page, `/debate/matches/${match.id}/pad`)
      await fillBallot(j.page, pad, BALLOTS[i], i === 0)
      if (i === 0) await shot(j.page, 'pad-vote')
      await j.page.locator('[data-test="pad-submit"]').click()
      await j.page.locator('.el-message-box__btns .el-button--primary').click()
      await j.page.locator('[data-test="pad-done"]').waitFor()
      assert.deepEqual(j.errors, [])
      await j.ctx.close()
      await screen.locator(`[data-test="screen-seat-${i + 1}"].done`).waitFor()
    }
    // nothing of a vote shows before the reveal
    assert.equal(await screen.locator('[data-test="screen-vote"]', { hasText: /正方|反方/ }).count(), 0)

    // lock, reveal one by one
    await org.page.locator('[data-test="lock"]').click()
    for (let n = 1; n <= 3; n++) {
      await org.page.locator('[data-test="reveal"]').click()
      await screen.locator(`[data-test="screen-seat-${n}"].shown`).waitFor()
      assert.equal(await screen.locator('.seat.shown').count(), n)
    }
    assert.equal(await screen.locator(`[data-test="screen-seat-3"] [data-test="screen-vote"]`).innerText(), '反方')
    await org.page.locator('[data-test="show-result"]').click()
    await screen.locator('[data-test="screen-result"]').waitFor()
    await screen.locator('[data-test="screen-best"]').waitFor()
    assert.match(await screen.locator('[data-test="screen-result"]').innerText(), /正方胜/)
    await shot(screen, 'screen-result')
    await org.page.locator('[data-test="show-standings"]').click()
    await screen.locator('[data-test="screen-standings"]').waitFor()
    await shot(screen, 'screen-standings')

    // the standings count the match: the proposition won
    const after = await api(org.page, `/debate/tournaments/${tour.id}/standings`)
    const pro = after.rows.find((r) => r.teamId === match.pro)
    const con = after.rows.find((r) => r.teamId === match.con)
    assert.equal(pro.wins, winsBefore.get(match.pro) + 1)
    assert.equal(con.wins, winsBefore.get(match.con))
    const first = await screen.locator('[data-test="screen-row-1"]').first().innerText()
    assert.ok(first.includes(after.rows[0].name), `screen row 1 ${first}`)
    await shot(org.page, 'console')
    assert.deepEqual(org.errors, [])
    await screenCtx.close()
    await org.ctx.close()
  } finally {
    await browser.close()
  }
})

test('the tournament page and the ballot pad in English', { skip, timeout: 120_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, PHONE, 'organizer', DEMO_PASSWORD, 'en')
    const list = await api(org.page, '/debate/tournaments')
    const tour = list.items.find((x) => x.title === DEBATE)
    await org.page.evaluate(() => localStorage.setItem('weishi.locale', 'en'))
    await org.page.goto(BASE + `/debate/${tour.id}`)
    await org.page.locator('[data-test^="round-"]').first().waitFor()
    assert.ok((await org.page.locator('.el-tabs').innerText()).includes('Rounds and draws'))
    await shot(org.page, 'tournament-en-phone', true)
    assert.deepEqual(org.errors, [])
    await org.ctx.close()
  } finally {
    await browser.close()
  }
})
