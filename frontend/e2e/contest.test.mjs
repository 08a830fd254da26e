// Browser end-to-end test of a live contest, against a running server with
// the demo data (accounts organizer, staff01, staff02; password Demo2026):
//
//   WEISHI_URL=http://127.0.0.1:18130 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/contest.test.mjs
//
// The organizer creates a fresh contest (named with a timestamp, so the test
// can run again), opens the host console and the big screen, and runs a
// three-question round while two players answer on phones. Screenshots go
// to e2e/artifacts/contest-*.png.
//
// A second test writes a team contest in the form editor (units, a risk
// round drawn from the bank), shows the server's field errors, saves a draft
// without players, sees the refused publication's errors beside the seats,
// edits the draft (seated players, a captain), publishes it, and lets the
// team whose turn it is choose its risk value on the captain's phone.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, DEMO_PASSWORD, DESKTOP, PHONE, SCREEN, input, launch, loggedIn as session, shooter, skip } from './helpers.mjs'

const shot = shooter('contest-')
const loggedIn = (browser, viewport, account, password) => session(browser, viewport, account, { password })

const q = (stem, answer) => ({ type: 'single', stem, options: ['五日', '七日', '十五日'], answer, citation: '《中华人民共和国行政处罚法》' })

test('host runs a three-question round while two players answer; the big screen shows the board', { skip, timeout: 240_000 }, async () => {
  const browser = await launch()
  const title = `E2E知识竞赛-${Date.now()}`
  try {
    const host = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD)
    // The organizer creates and publishes the contest through the API.
    const id = await host.page.evaluate(async ({ title, questions }) => {
      const me = await (await fetch('/api/v1/me')).json()
      const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }
      const body = {
        title,
        config: { mode: 'individual', awards: [{ name: '一等奖', count: 1 }, { name: '二等奖', count: 1 }], rounds: [{ kind: 'everyone', title: '全员答题', points: 1000, scoring: 'kahoot', timeLimit: 60, streak: true, questions }] },
      }
      const created = await (await fetch('/api/v1/contests', { method: 'POST', headers, body: JSON.stringify(body) })).json()
      const res = await fetch(`/api/v1/contests/${created.id}/publish`, { method: 'POST', headers })
      if (!res.ok) throw new Error('publish failed: ' + (await res.text()))
      return created.id
    }, { title, questions: [q('听证申请期限？', 'A'), q('简易程序罚款上限对应的是？', 'B'), q('立案后多少日内作出决定？', 'C')] })
    assert.ok(id > 0)

    const players = []
    for (const account of ['staff01', 'staff02']) {
      const p = await loggedIn(browser, PHONE, account, DEMO_PASSWORD)
      await p.page.goto(BASE + '/contests')
      await p.page.locator(`[data-test="contest-${id}"] [data-test="contest-join"]`).click()
      await p.page.locator('[data-test="play-state"]').waitFor()
      players.push(p)
    }
    await shot(players[0].page, '01-player-waiting')

    const screen = await loggedIn(browser, SCREEN, 'organizer', DEMO_PASSWORD)
    await screen.page.goto(`${BASE}/contests/${id}/screen`)
    await screen.page.locator('[data-test="contest-screen"]').waitFor()

    await host.page.goto(`${BASE}/contests/${id}/host`)
    await host.page.locator('[data-test="socket-status"].el-tag--success').waitFor()
    await host.page.locator('[data-test="cmd-next"].el-button--primary').click() // lobby → round
    await host.page.locator('[data-test="host-phase"]', { hasText: '环节介绍' }).waitFor()
    await shot(host.page, '02-host-intro')

    const choices = [
      ['A', 'B'],
      ['B', 'B'],
      ['C', 'A'],
    ]
    for (let i = 0; i < 3; i++) {
      await host.page.locator('[data-test="cmd-show"]:not(.is-disabled)').click()
      await host.page.locator('[data-test="host-phase"]', { hasText: '已出题' }).waitFor()
      await host.page.locator('[data-test="cmd-open"]:not(.is-disabled)').click()
      await host.page.locator('[data-test="host-phase"]', { hasText: '作答中' }).waitFor()
      for (const [n, p] of players.entries()) {
        await p.page.locator(`[data-test="choice-${choices[i][n]}"]`).click()
        await p.page.locator('[data-test="play-state"].received').waitFor()
      }
      if (i === 0) {
        await shot(players[0].page, '03-player-received')
        await shot(screen.page, '04-screen-question')
      }
      await host.page.locator('[data-test="host-answered"]', { hasText: '2' }).waitFor()
      if (i === 1) await shot(host.page, '05-host-open')
      await host.page.locator('[data-test="cmd-reveal"]:not(.is-disabled)').click()
      await host.page.locator('[data-test="host-phase"]', { hasText: '已公布答案' }).waitFor()
      await players[1].page.locator('[data-test="play-result"]').waitFor() // the verdict card, after the reveal only
    }
    await shot(players[1].page, '06-player-reveal')
    await shot(screen.page, '07-screen-reveal')

    // Scores: staff01 answered right twice (2 × up to 1000, plus a streak bonus), staff02 twice.
    await host.page.locator('[data-test="cmd-board"]:not(.is-disabled)').click()
    const rows = screen.page.locator('[data-test="contest-board"] li')
    await screen.page.waitForFunction(() => document.querySelectorAll('[data-test="contest-board"] li').length === 2)
    assert.equal(await rows.count(), 2)
    await shot(screen.page, '08-screen-board')
    await host.page.locator('[data-test="cmd-finish"]:not(.is-disabled)').click()
    await host.page.locator('.contest-confirm .el-button--primary').click() // finishing asks first
    await screen.page.locator('[data-test="screen-podium"]').waitFor()
    await shot(screen.page, '09-screen-podium')
    await shot(host.page, '10-host-finished')

    // A player reloads the page: the score is still there.
    const before = await players[0].page.locator('[data-test="play-score"] b').innerText()
    await players[0].page.reload()
    await players[0].page.locator('[data-test="play-score"] b').waitFor()
    assert.equal(await players[0].page.locator('[data-test="play-score"] b').innerText(), before)
    assert.ok(Number(before) > 0, 'staff01 scored')

    // The arbitration timeline lists the answers with device times.
    await host.page.goto(`${BASE}/contests/${id}/timeline`)
    await host.page.locator('[data-test="contest-timeline"] .el-table__row').first().waitFor()
    assert.ok((await host.page.locator('[data-test="contest-timeline"] .el-table__row', { hasText: '作答' }).count()) >= 6)
    await shot(host.page, '11-timeline')

    for (const p of [host, screen, ...players]) assert.deepEqual(p.errors, [], 'no uncaught page errors')
  } finally {
    await browser.close()
  }
})

async function pickInSelect(page, trigger, text) {
  await page.locator(`[data-test="${trigger}"]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

test('organizer writes a team contest in the form, edits the draft, publishes; the team chooses its risk value on the phone', { skip, timeout: 240_000 }, async () => {
  const browser = await launch()
  const title = `E2E团体赛-${Date.now()}`
  try {
    const host = await loggedIn(browser, DESKTOP, 'organizer', DEMO_PASSWORD)
    const page = host.page
    await page.goto(BASE + '/contests')
    await page.locator('[data-test="contest-create"]').click()
    await page.locator('[data-test="contest-editor"]').waitFor()
    await input(page, 'editor-title').fill(title)
    // keep only the risk round, drawing two single-choice questions
    await page.locator('[data-test="round-remove-0"]').click()
    await page.locator('[data-test="round-remove-0"]').click()
    await page.locator('[data-test="round-kind-0"]', { hasText: '风险' }).waitFor()
    await input(page, 'round-count-0').fill('2')
    await input(page, 'round-count-0').press('Tab')
    await page.locator('[data-test="round-available-0"]').waitFor()
    // then a compulsory round asking two bank questions found by their text, in the chosen order
    await pickInSelect(page, 'round-add-kind', '必答')
    await page.locator('[data-test="round-add"]').click()
    await page.locator('[data-test="round-source-fixed-1"]').click()
    await page.locator('[data-test="round-ids-1"]').click()
    await page.keyboard.type('网')
    const hits = page.locator('.el-select-dropdown__item:visible', { hasText: '#' })
    await hits.nth(1).waitFor()
    const picked = []
    for (const n of [1, 0]) {
      const label = await hits.nth(n).innerText()
      picked.push(Number(/#(\d+)/.exec(label)[1]))
      await hits.nth(n).click()
    }
    await page.keyboard.press('Escape')
    await page.locator('[data-test="round-1"]').scrollIntoViewIfNeeded()
    await shot(page, '19-editor-fixed-list')
    // saving without teams: the server's errors show beside the team fields
    await page.locator('[data-test="create-save"]').click()
    await page.locator('[data-test="team-0"] .el-form-item__error').first().waitFor()
    await page.locator('[data-test="create-error"]').waitFor()
    await page.locator('[data-test="team-0"]').scrollIntoViewIfNeeded()
    await shot(page, '20-editor-errors')

    // team 1: 办公室, team 2: 政治处 (names follow the units); no players yet: a draft may lack them
    const seats = [[0, '办公室', '王伟'], [1, '政治处', '黄艳']]
    for (const [i, unit] of seats) {
      await page.locator(`[data-test="team-${i}"] .unit-tree-select`).click()
      await page.locator('.el-tree-node__content:visible', { hasText: new RegExp(`^\\s*${unit}\\s*$`) }).first().click()
      await page.waitForFunction(([i, unit]) => document.querySelector(`input[data-test="team-name-${i}"], [data-test="team-name-${i}"] input`)?.value === unit, [i, unit])
      // the unit dropdown has closed before the next one opens
      await page.waitForFunction(() => ![...document.querySelectorAll('.el-tree-node__content')].some((e) => e.checkVisibility()))
    }
    await page.locator('[data-test="create-save"]').click()
    await page.locator('[data-test="contest-editor"]').waitFor({ state: 'detached' })
    const card = page.locator('[data-test^="contest-"].card', { hasText: title })
    await card.waitFor()
    const id = Number((await card.getAttribute('data-test')).replace('contest-', ''))
    assert.ok(id > 0)

    // publishing asks first and says what will happen; then it is refused (teams without players):
    // the draft opens with the errors beside the seats
    await page.locator(`[data-test="contest-publish-${id}"]`).click()
    const publishBox = page.locator('.contest-publish-confirm')
    await publishBox.waitFor()
    assert.match(await publishBox.innerText(), /抽题[\s\S]*冻结[\s\S]*不能再编辑/)
    await publishBox.locator('.el-button--primary').click()
    await page.locator('[data-test="contest-editor"]').waitFor()
    await page.locator('[data-test="team-1"] .el-form-item__error', { hasText: '上场选手' }).waitFor()
    await page.locator('[data-test="team-0"]').scrollIntoViewIfNeeded()
    await shot(page, '21-editor-publish-errors')

    // edit the draft: seat 王伟 (staff01, captain) and 黄艳 (staff02), base score 200
    for (const [i, , person] of seats) {
      await pickInSelect(page, `team-players-${i}`, person)
      await page.keyboard.press('Escape')
    }
    await pickInSelect(page, 'team-captain-0', '王伟')
    await input(page, 'editor-base').fill('200')
    await input(page, 'editor-base').press('Tab')
    await page.locator('[data-test="team-1"] .el-form-item__error').waitFor({ state: 'detached' })
    await shot(page, '22-editor-edit')
    await page.locator('[data-test="create-save"]').click()
    await page.locator('[data-test="contest-editor"]').waitFor({ state: 'detached' })
    const stored = await page.evaluate(async (id) => (await fetch(`/api/v1/contests/${id}`)).json(), id)
    assert.equal(stored.title, title)
    assert.equal(stored.config.baseScore, 200)
    assert.equal(stored.config.mode, 'team')
    assert.deepEqual(stored.config.teams.map((t) => t.name), ['办公室', '政治处'])
    assert.deepEqual(stored.config.players.map((p) => [p.name, p.teamId, !!p.captain]), [['王伟', 1, true], ['黄艳', 2, false]])
    assert.deepEqual(stored.config.rounds.map((r) => [r.kind, r.riskValues, r.draw?.count]), [['risk', [10, 20, 30], 2], ['compulsory', undefined, undefined]])
    assert.deepEqual(stored.config.rounds[1].draw.ids, picked)

    await page.locator(`[data-test="contest-publish-${id}"]`).click()
    await page.locator('.contest-publish-confirm .el-button--primary').click()
    await page.locator(`[data-test="contest-${id}"] [data-test="contest-host-link"]`).waitFor()

    const phones = []
    for (const account of ['staff01', 'staff02']) {
      const p = await loggedIn(browser, PHONE, account, DEMO_PASSWORD)
      await p.page.goto(`${BASE}/contests/${id}/play`)
      await p.page.locator('[data-test="play-state"]').waitFor()
      phones.push(p)
    }
    const screen = await loggedIn(browser, SCREEN, 'organizer', DEMO_PASSWORD)
    await screen.page.goto(`${BASE}/contests/${id}/screen`)
    await screen.page.locator('[data-test="contest-screen"]').waitFor()
    await page.goto(`${BASE}/contests/${id}/host`)
    await page.locator('[data-test="socket-status"].el-tag--success').waitFor()
    await page.locator('[data-test="cmd-next"].el-button--primary').click() // lobby → risk round
    // scores are tied: team 1 chooses first, on its captain's phone
    await phones[0].page.locator('[data-test="play-risk"]').waitFor()
    await phones[1].page.locator('[data-test="play-risk-wait"]').waitFor()
    await shot(phones[0].page, '23-phone-risk-choose')
    await phones[0].page.locator('[data-test="risk-20"]').click()
    await phones[1].page.locator('[data-test="play-risk-wait"]', { hasText: '20' }).waitFor()
    await phones[0].page.locator('[data-test="play-risk"]').waitFor({ state: 'detached' })
    await shot(phones[1].page, '24-phone-risk-other')
    await screen.page.locator('[data-test="screen-pick"]', { hasText: '20' }).waitFor()
    await shot(screen.page, '24b-screen-risk-chosen')
    await page.locator('[data-test="cmd-show"]:not(.is-disabled)').click()
    await page.locator('[data-test="host-phase"]', { hasText: '已出题' }).waitFor()
    const state = await page.evaluate(async (id) => (await fetch(`/api/v1/contests/${id}/state`)).json(), id)
    assert.equal(state.riskValue, 20)
    assert.equal(state.side, 1)
    await shot(page, '25-host-risk-shown')

    for (const p of [host, screen, ...phones]) assert.deepEqual(p.errors, [], 'no uncaught page errors')
  } finally {
    await browser.close()
  }
})
