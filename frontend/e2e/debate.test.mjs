// Browser end-to-end test of the seeded debate tournament, against a
// running server with the demo data (organizer, judge accounts; password
// Demo2026):
//
//   WEISHI_URL=http://127.0.0.1:18130 WEISHI_ADMIN_PASSWORD=… node --test e2e/debate.test.mjs
//
// 1. The organizer opens a round-3 match nobody has judged yet in the
//    match console and on the big screen. Its three judges (phone-sized
//    contexts; the second in English) find the match under 辩论赛, fill the
//    ballot stage by stage (the first reloads midway, then moves to a
//    second device: the draft is on the server), vote and submit with
//    confirmation. The big screen shows 评委1…3 as the ballots arrive; the
//    organizer locks the match and reveals the votes one by one, then the
//    result with the best debater and the standings, which now count the
//    match, on the match screen and on the tournament screen.
// 2. The rest of round 3 is judged (ballots over the API, locks in the
//    console; one match is unlocked and a ballot reopened with reasons,
//    then judged again); the organizer draws the final in the browser,
//    seats a panel of two by hand (the recusal rule shows), both judges
//    ballot on their pads with opposite votes and level totals, the
//    organizer decides the level final with a reason, locks and reveals
//    it; the tournament is finished, the tournament screen shows the
//    champion, the audit trail lists every change with its reason.
//    Test 2 needs a fresh demo server (it finishes the demo tournament).
// 3. A new tournament made in the browser: teams added one by one, the
//    format edited (a stage, the outcome rule, a tie-breaker moved).
// Screenshots go to e2e/artifacts/debate-*.png.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADMIN_PASSWORD, BASE, DEMO_PASSWORD, PHONE, SCREEN, input, launch, loggedIn as session, shooter, skip } from './helpers.mjs'

const DESKTOP = { width: 1440, height: 900 }
const STEP_TIMEOUT = 20_000
const DEBATE = '全市文化市场综合执法辩论赛'

const shot = shooter('debate-')
const loggedIn = (browser, viewport, account, password, locale = 'zh-CN') => session(browser, viewport, account, { password, locale, timeout: STEP_TIMEOUT, storeLocale: locale === 'en' })

async function api(page, path) {
  const r = await page.request.get(BASE + '/api/v1' + path)
  assert.equal(r.status(), 200, `${path}: ${r.status()}`)
  return r.json()
}

// send calls the API as the page's user (the CSRF header from its cookie).
async function send(page, method, path, body, want = 200) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'weishi_csrf')?.value ?? ''
  const r = await page.request.fetch(BASE + '/api/v1' + path, { method, data: body, headers: { 'X-CSRF-Token': csrf } })
  assert.equal(r.status(), want, `${method} ${path}: ${r.status()} ${await r.text()}`)
  return r.json()
}

// ballotFor is a complete ballot at a share of each maximum per side.
function ballotFor(f, m, pro, con, vote) {
  const at = (max, share) => Math.floor((max * share) / 0.5) * 0.5
  const b = { stages: {}, overall: { pro: at(f.overallMax, pro), con: at(f.overallMax, con) }, speakers: {}, winner: vote }
  for (const s of f.stages) if (s.max > 0) b.stages[s.key] = { pro: at(s.max, pro), con: at(s.max, con) }
  for (const side of ['pro', 'con']) m.lineup[side].forEach((d, i) => d && (b.speakers[d] = at(f.individualMax, (side === 'pro' ? pro : con) - (i + 1) * 0.01)))
  return b
}

// prompt answers an ElMessageBox.prompt with a reason.
async function prompt(page, text) {
  await page.locator('.el-message-box input').fill(text)
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('.el-message-box').waitFor({ state: 'hidden' })
}

// Each judge's ballot: a share of each maximum per side, and the vote.
const BALLOTS = [
  { pro: 0.85, con: 0.75, vote: 'pro' },
  { pro: 0.8, con: 0.78, vote: 'pro' },
  { pro: 0.72, con: 0.82, vote: 'con' },
]

// fillBallot fills a pad; afterFirst (optional) runs after the first
// stage and returns the page to go on with (e.g. another device's).
async function fillBallot(page, pad, b, afterFirst) {
  const f = pad.format
  const val = (max, share) => String(Math.floor((max * share) / 0.5) * 0.5)
  const scored = f.stages.filter((s) => s.max > 0)
  let first = true
  for (const s of scored) {
    await input(page, `in-${s.key}-pro`).fill(val(s.max, b.pro))
    await input(page, `in-${s.key}-con`).fill(val(s.max, b.con))
    await input(page, `in-${s.key}-con`).blur()
    if (first && afterFirst) page = await afterFirst(s, val(s.max, b.pro), val(s.max, b.con))
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
  return page
}

// judgePad has one judge find the match under 辩论赛 on a phone, fill and
// submit the ballot with the confirmation.
async function judgePad(browser, account, matchId, b, { locale = 'zh-CN', afterFirst, shotName, check } = {}) {
  const j = await loggedIn(browser, PHONE, account, DEMO_PASSWORD, locale)
  await j.page.goto(BASE + '/debate')
  await j.page.locator(`[data-test="my-match-${matchId}"] button`).click()
  await j.page.locator('[data-test="pad-step"]').waitFor()
  if (check) await check(j.page)
  const pad = await api(j.page, `/debate/matches/${matchId}/pad`)
  const page = await fillBallot(j.page, pad, b, afterFirst && ((s, pro, con) => afterFirst(j, s, pro, con)))
  if (shotName) await shot(page, shotName)
  await page.locator('[data-test="pad-submit"]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-test="pad-done"]').waitFor()
  assert.deepEqual(j.errors, [])
  await page.context().close()
  if (page.context() !== j.ctx) await j.ctx.close().catch(() => {})
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

    // three judges on phones; the first changes device midway: its draft is on the server
    for (let i = 0; i < 3; i++) {
      const afterFirst = i !== 0 ? undefined : async (j, s, pro, con) => {
        await j.page.locator('[data-test="draft-state"]', { hasText: '已保存到服务器' }).waitFor()
        await j.page.reload()
        await j.page.locator('[data-test="pad-step"]').waitFor()
        assert.equal(await input(j.page, `in-${s.key}-pro`).inputValue(), pro)
        // a second device: a new browser, nothing in its storage
        const other = await loggedIn(browser, PHONE, accounts[i], DEMO_PASSWORD)
        await other.page.goto(BASE + `/debate/matches/${match.id}/pad`)
        await other.page.locator('[data-test="pad-step"]').waitFor()
        assert.equal(await input(other.page, `in-${s.key}-pro`).inputValue(), pro)
        assert.equal(await input(other.page, `in-${s.key}-con`).inputValue(), con)
        await shot(other.page, 'pad-second-device')
        await j.ctx.close()
        return other.page
      }
      // the hall's stage timer runs on the pad too
      const check = i !== 0 ? undefined : async (page) => assert.match(await page.locator('[data-test="pad-timer"]').innerText(), /立论\s*\d+:\d\d/)
      await judgePad(browser, accounts[i], match.id, BALLOTS[i], { locale: i === 1 ? 'en' : 'zh-CN', afterFirst, check, shotName: i === 0 ? 'pad-vote' : i === 1 ? 'pad-vote-en' : undefined })
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

    // the tournament screen: the standings between rounds, all tie-breaker columns, counting the match
    const ts = await screenCtx.newPage()
    await ts.goto(BASE + `/debate/${tour.id}/screen?show=standings`)
    await ts.locator('[data-test="ts-row-1"]').waitFor()
    assert.ok((await ts.locator('[data-test="ts-row-1"]').innerText()).includes(after.rows[0].name))
    const proRow = await ts.locator('[data-test="ts-standings"] tr', { hasText: pro.name }).innerText()
    assert.ok(proRow.includes(String(pro.wins)), proRow)
    for (const col of ['胜场', '票数', '总分', '胜负关系', '抽签']) assert.ok((await ts.locator('thead').innerText()).includes(col), col)
    await shot(ts, 'tournament-screen-standings')
    await ts.goto(BASE + `/debate/${tour.id}/screen?show=draw`)
    await ts.locator('[data-test="ts-pair-1"]').waitFor()
    await shot(ts, 'tournament-screen-draw')
    assert.deepEqual(org.errors, [])
    await screenCtx.close()
    await org.ctx.close()
  } finally {
    await browser.close()
  }
})

test('the seeded tournament runs from round 3 through the final: unlock, reopen, panel, decide, champion', { skip, timeout: 400_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD)
    const tour = (await api(org.page, '/debate/tournaments')).items.find((x) => x.title === DEBATE)
    let o = await api(org.page, `/debate/tournaments/${tour.id}`)
    assert.equal(o.tournament.status, 'running', 'needs a fresh demo server: the demo tournament is finished')
    const admin = await loggedIn(browser, DESKTOP, 'admin', ADMIN_PASSWORD)
    const accountOf = new Map()
    for (const j of o.tournament.judges) accountOf.set(j.userId, (await api(admin.page, `/users/${j.userId}`)).account)
    await admin.ctx.close()
    const sessions = new Map()
    async function as(judgeId) {
      if (!sessions.has(judgeId)) sessions.set(judgeId, await loggedIn(browser, PHONE, accountOf.get(judgeId), DEMO_PASSWORD))
      return sessions.get(judgeId).page
    }
    const f = o.tournament.format

    // the rest of round 3: ballots over the API, the lock in the console
    const rest = o.matches.filter((m) => m.round === 3 && !m.locked)
    for (const [k, m] of rest.entries()) {
      for (const [i, j] of m.judges.entries()) {
        if (m.submitted.includes(j)) continue
        await send(await as(j), 'POST', `/debate/matches/${m.id}/ballot`, ballotFor(f, m, 0.8 - i * 0.01, 0.7, 'pro'))
      }
      await org.page.goto(BASE + `/debate/matches/${m.id}/console`)
      await org.page.locator('[data-test="lock"]:not([disabled])').click()
      await org.page.locator('[data-test="unlock"]').waitFor()
      if (k === 0) {
        // unlock with a reason, reopen judge 1's ballot with a reason; the judge submits again
        await org.page.locator('[data-test="unlock"]').click()
        await prompt(org.page, '评委反映计分有误')
        await org.page.locator('[data-test="reopen-1"]').click()
        await prompt(org.page, '评委1申请更正个人分')
        await org.page.locator('[data-test="console-seat-1"]:not(.done)').waitFor()
        assert.equal(await org.page.locator('[data-test="lock"]').isDisabled(), true)
        await send(await as(m.judges[0]), 'POST', `/debate/matches/${m.id}/ballot`, ballotFor(f, m, 0.79, 0.7, 'pro'))
        await org.page.locator('[data-test="lock"]:not([disabled])').click()
        await org.page.locator('[data-test="unlock"]').waitFor()
        await shot(org.page, 'console-relocked')
      }
    }
    for (const s of sessions.values()) await s.ctx.close()

    // the final: drawn in the browser from the standings
    await org.page.goto(BASE + `/debate/${tour.id}`)
    await input(org.page, 'motion').fill('执法公开透明更有利于 / 不利于营商环境')
    await org.page.locator('[data-test="draw-knockout"]').click()
    await org.page.locator('[data-test="round-4"]').waitFor()
    assert.ok((await org.page.locator('[data-test="round-4"]').innerText()).includes('决赛'))
    o = await api(org.page, `/debate/tournaments/${tour.id}`)
    const fin = o.matches.find((m) => m.round === 4)
    const top = o.table.rows.filter((r) => !r.withdrawn).slice(0, 2).map((r) => r.teamId)
    assert.deepEqual([fin.pro, fin.con].sort(), [...top].sort(), 'the final is seeded from the standings')
    await org.page.locator('.el-tabs__item', { hasText: '淘汰赛' }).click()
    await org.page.locator('[data-test="bracket"] .slot').first().waitFor()

    // a panel of two seated by hand; the recusal rule shows beside the judges it blocks
    await org.page.locator('.el-tabs__item', { hasText: '轮次与对阵' }).click()
    await org.page.locator(`[data-test="panel-${fin.id}"]`).click()
    await org.page.locator('[data-test="panel-judges"]').waitFor()
    const unitsOfFinal = new Set(o.teams.filter((x) => x.id === fin.pro || x.id === fin.con).map((x) => x.unitId))
    const blocked = o.tournament.judges.filter((j) => unitsOfFinal.has(j.unitId))
    const free = o.tournament.judges.filter((j) => !unitsOfFinal.has(j.unitId)).slice(0, 2)
    for (const j of blocked) {
      assert.match(await org.page.locator(`[data-test="panel-judge-${j.userId}"] [data-test="recusal-why"]`).innerText(), /回避/)
      assert.equal(await org.page.locator(`[data-test="panel-judge-${j.userId}"] input[type="checkbox"]`).isDisabled(), true)
    }
    for (const j of fin.judges) await org.page.locator(`[data-test="panel-judge-${j}"] .el-checkbox`).click()
    for (const j of free) await org.page.locator(`[data-test="panel-judge-${j.userId}"] .el-checkbox`).click()
    await input(org.page, 'panel-reason').fill('决赛由两位评委执裁')
    await shot(org.page, 'panel-dialog')
    await org.page.locator('[data-test="panel-save"]').click()
    await org.page.locator('[data-test="panel-judges"]').waitFor({ state: 'hidden' })
    o = await api(org.page, `/debate/tournaments/${tour.id}`)
    assert.deepEqual(o.matches.find((m) => m.id === fin.id).judges, free.map((j) => j.userId))

    // the two judges ballot on their pads: opposite votes, level totals
    const screenCtx = await browser.newContext({ viewport: SCREEN, locale: 'zh-CN', storageState: await org.ctx.storageState() })
    const screen = await screenCtx.newPage()
    await screen.goto(BASE + `/debate/matches/${fin.id}/screen`)
    await screen.locator('[data-test="screen-motion"]').waitFor()
    // free debate: both chess clocks on the screen and on the pads
    const freeAt = f.stages.findIndex((x) => x.kind === 'free')
    await send(org.page, 'POST', `/debate/matches/${fin.id}/command`, { type: 'stage', stage: freeAt })
    await send(org.page, 'POST', `/debate/matches/${fin.id}/command`, { type: 'start', side: 'con' })
    await screen.locator('[data-test="clock-pro"]').waitFor()
    await screen.locator('[data-test="clock-con"].on').waitFor()
    await shot(screen, 'screen-free-debate')
    const clocks = async (page) => {
      await page.locator('[data-test="pad-clock-con"].on').waitFor()
      const a = await page.locator('[data-test="pad-clock-con"]').innerText()
      await page.waitForTimeout(2200)
      assert.notEqual(await page.locator('[data-test="pad-clock-con"]').innerText(), a, 'the running clock counts down on the pad')
      assert.match(await page.locator('[data-test="pad-clock-pro"]').innerText(), /4:00/)
      await shot(page, 'pad-free-debate')
    }
    await judgePad(browser, accountOf.get(free[0].userId), fin.id, { pro: 0.8, con: 0.7, vote: 'pro' }, { check: clocks })
    await judgePad(browser, accountOf.get(free[1].userId), fin.id, { pro: 0.7, con: 0.8, vote: 'con' })
    await screen.locator('[data-test="screen-seat-2"].done').waitFor()

    // level: the organizer decides with a reason, locks, reveals
    await org.page.goto(BASE + `/debate/matches/${fin.id}/console`)
    await org.page.locator('[data-test="decide-box"]').waitFor()
    await shot(org.page, 'console-level-final')
    await org.page.locator('[data-test="decide-pro"]').click()
    await prompt(org.page, '双方票数与总分相同，依据自由辩论环节表现裁定')
    await org.page.locator('[data-test="console-outcome"]', { hasText: '组织者裁定' }).waitFor()
    await org.page.locator('[data-test="lock"]:not([disabled])').click()
    for (let n = 1; n <= 2; n++) {
      await org.page.locator('[data-test="reveal"]').click()
      await screen.locator(`[data-test="screen-seat-${n}"].shown`).waitFor()
    }
    await org.page.locator('[data-test="show-result"]').click()
    await screen.locator('[data-test="screen-result"]', { hasText: '正方胜' }).waitFor()
    await shot(screen, 'screen-final')

    // finished; the tournament screen shows the bracket with the champion
    o = await api(org.page, `/debate/tournaments/${tour.id}`)
    assert.equal(o.tournament.status, 'finished')
    const champion = o.teams.find((x) => x.id === fin.pro).name
    const ts = await screenCtx.newPage()
    await ts.goto(BASE + `/debate/${tour.id}/screen?show=bracket`)
    await ts.locator('[data-test="ts-champion"]', { hasText: champion }).waitFor()
    await shot(ts, 'tournament-screen-bracket')

    // the audit trail: unlock, reopen, panel, decide, each with its reason
    await org.page.goto(BASE + `/debate/${tour.id}`)
    await org.page.locator('.el-tabs__item', { hasText: '操作记录' }).click()
    const trail = await org.page.locator('[data-test="audit"]').innerText()
    for (const x of ['解锁比赛', '退回评分', '调整评委', '裁定胜负', '评委反映计分有误', '评委1申请更正个人分', '决赛由两位评委执裁', '依据自由辩论环节表现裁定']) assert.ok(trail.includes(x), x)
    await shot(org.page, 'audit')
    await org.page.locator('.el-tabs__item', { hasText: '辩手排名' }).click()
    await org.page.locator('[data-test="speakers"] .el-table__row').first().waitFor()
    assert.match(await org.page.locator('.el-alert').first().innerText(), /最佳辩手/)
    assert.deepEqual(org.errors, [])
    await screenCtx.close()
    await org.ctx.close()
  } finally {
    await browser.close()
  }
})

test('a new tournament: teams added one by one, the format edited', { skip, timeout: 200_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD)
    await org.page.goto(BASE + '/debate')
    await org.page.locator('[data-test="debate-create"]').click()
    const title = `e2e 辩论赛 ${Date.now()}`
    await input(org.page, 'debate-title').fill(title)
    await org.page.locator('[data-test="debate-create-submit"]').click()
    await org.page.locator('[data-test="debate-tournament"] .el-tabs').waitFor()
    const id = Number(new URL(org.page.url()).pathname.split('/').pop())

    // two teams by hand; a repeated name is refused beside its field
    await org.page.locator('.el-tabs__item', { hasText: '参赛队伍' }).click()
    for (const [name, ds] of [['甲队', ['一', '二', '三', '四']], ['乙队', ['五', '六']], ['甲队', ['七']]]) {
      await org.page.locator('[data-test="team-add"]').click()
      await input(org.page, 'team-name').fill(name)
      await org.page.locator('[data-test="team-unit"]').click()
      await org.page.locator('.el-select-dropdown__item:visible').first().click()
      for (const [i, d] of ds.entries()) await input(org.page, `team-debater-${i + 1}`).fill(d)
      await org.page.locator('[data-test="team-add-submit"]').click()
      if (name === '甲队' && ds.length === 1) {
        await org.page.locator('[data-test="team-add-form"] .el-form-item__error', { hasText: '同名' }).waitFor()
        await shot(org.page, 'team-add-error')
        await org.page.keyboard.press('Escape')
      } else await org.page.locator('[data-test="team-table"]', { hasText: name }).waitFor()
    }
    let o = await api(org.page, `/debate/tournaments/${id}`)
    assert.deepEqual(o.teams.map((x) => [x.name, x.debaters.length]), [['甲队', 4], ['乙队', 2]])

    // the format: a stage added, the winner by score, a tie-breaker moved up
    await org.page.locator('.el-tabs__item', { hasText: '设置' }).click()
    await org.page.locator('[data-test="stage-add"]').click()
    const n = o.tournament.format.stages.length
    await input(org.page, `stage-name-${n}`).fill('攻辩小结')
    await input(org.page, `stage-max-${n}`).fill('30')
    await org.page.locator('[data-test="outcome-rule"] .el-radio', { hasText: '按团队总分' }).click()
    await org.page.locator('[data-test="tb-up-speaks"]').click()
    await shot(org.page, 'settings', true)
    await org.page.locator('[data-test="settings-save"]').click()
    await org.page.locator('.el-message--success').waitFor()
    o = await api(org.page, `/debate/tournaments/${id}`)
    assert.equal(o.tournament.format.stages.at(-1).name, '攻辩小结')
    assert.equal(o.tournament.format.stages.at(-1).max, 30)
    assert.equal(o.tournament.format.outcome, 'score')
    assert.deepEqual(o.tournament.tieBreakers.slice(0, 3), ['wins', 'speaks', 'ballots'])
    // a bad stage is refused beside its field
    await input(org.page, `stage-name-${n}`).fill('')
    await org.page.locator('[data-test="settings-save"]').click()
    await org.page.locator('[data-test="stage-table"] .err', { hasText: /\S/ }).first().waitFor()
    assert.deepEqual(org.errors, [])
    await org.ctx.close()

    const en = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD, 'en')
    await en.page.goto(BASE + `/debate/${id}`)
    await en.page.locator('.el-tabs__item', { hasText: 'Settings' }).click()
    await en.page.locator('[data-test="stage-table"]').waitFor()
    await shot(en.page, 'settings-en', true)
    await en.ctx.close()
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
