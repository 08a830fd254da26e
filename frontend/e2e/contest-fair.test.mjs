// Browser test of issue 9 (live contests, second pass), against a running
// server with the demo data (see contest.test.mjs for how to run it):
//
//   1. an everyone-answers question with two phones and the big screen:
//      nothing shows a score or right/wrong before the reveal, and both are
//      right after it; a screen that connects late has the board at once;
//      the host's board is the full-screen ranking; the podium.
//   2. a buzzer question: the winner's phone says 抢到了, the other its
//      place; a wrong answer locks the winner out with the reason and the
//      floor passes; the buttons reset on the next question; the host sees
//      a refused command's reason after confirming it.
//
// Screenshots (phone 390×844, screen 1920×1080) go to e2e/artifacts/fair-*.png.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, DESKTOP, PHONE, SCREEN, hostCmd, launch, loggedIn, phase, shooter, skip } from './helpers.mjs'

const shot = shooter('fair-', { wait: 500, animations: 'allow' })

// createContest creates and publishes a contest through the API as the page's user.
async function createContest(page, body) {
  return page.evaluate(async (body) => {
    const me = await (await fetch('/api/v1/me')).json()
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }
    const res = await fetch('/api/v1/contests', { method: 'POST', headers, body: JSON.stringify(body) })
    const created = await res.json()
    if (!res.ok) throw new Error('create failed: ' + JSON.stringify(created))
    const pub = await fetch(`/api/v1/contests/${created.id}/publish`, { method: 'POST', headers })
    if (!pub.ok) throw new Error('publish failed: ' + (await pub.text()))
    return created.id
  }, body)
}

// boardScores reads the big screen's leaderboard rows as name → score.
async function boardScores(page) {
  return page.evaluate(() => {
    const out = {}
    for (const li of document.querySelectorAll('[data-test="contest-board"] li')) {
      out[li.querySelector('.name').textContent.trim()] = Number(li.querySelector('.score').textContent)
    }
    return out
  })
}

const q = (stem, answer) => ({ type: 'single', stem, options: ['五日', '七日', '十五日'], answer, citation: '《中华人民共和国行政处罚法》第六十四条' })

test('an everyone-answers question shows no score or verdict anywhere before the reveal, and the right ones after', { skip, timeout: 240_000 }, async () => {
  const browser = await launch()
  try {
    const host = await loggedIn(browser, DESKTOP, 'organizer')
    const id = await createContest(host.page, {
      title: `E2E公平-${Date.now()}`,
      config: {
        mode: 'individual',
        awards: [{ name: '一等奖', count: 1 }, { name: '二等奖', count: 1 }],
        rounds: [{ kind: 'everyone', title: '全员答题', points: 20, scoring: 'kahoot', timeLimit: 120, streak: true, questions: [q('当事人要求听证的，应当在行政机关告知后几日内提出？', 'A'), q('第二题', 'B')] }],
      },
    })
    const phones = []
    for (const account of ['staff01', 'staff02']) {
      const p = await loggedIn(browser, PHONE, account)
      await p.page.goto(`${BASE}/contests/${id}/play`)
      await p.page.locator('[data-test="play-state"]').waitFor()
      phones.push(p)
    }
    const screen = await loggedIn(browser, SCREEN, 'organizer')
    await screen.page.goto(`${BASE}/contests/${id}/screen`)
    await screen.page.locator('[data-test="contest-screen"]').waitFor()
    await host.page.goto(`${BASE}/contests/${id}/host`)
    await host.page.locator('[data-test="socket-status"].el-tag--success').waitFor()

    await host.page.locator('[data-test="cmd-next"].el-button--primary').click()
    await phase(host.page, '环节介绍')
    // the round intro shows the scoring rule
    await screen.page.locator('[data-test="screen-rules"]', { hasText: '最高 20 分' }).waitFor()
    await shot(screen.page, '01-screen-intro-rules')
    // the player's name is in the phone header
    await phones[0].page.locator('[data-test="play-name"]', { hasText: '王伟' }).waitFor()

    await hostCmd(host.page, 'show')
    await phase(host.page, '已出题')
    await hostCmd(host.page, 'open')
    await phase(host.page, '作答中')
    await phones[0].page.locator('[data-test="choice-A"]').click() // right
    await phones[1].page.locator('[data-test="choice-B"]').click() // wrong
    for (const [i, p] of phones.entries()) {
      await p.page.locator('[data-test="play-state"].received', { hasText: i === 0 ? 'A' : 'B' }).waitFor()
    }
    await host.page.locator('[data-test="host-answered"]', { hasText: '2' }).waitFor()
    await screen.page.waitForFunction(() => document.querySelectorAll('[data-test="contest-board"] li').length === 2)
    await screen.page.waitForTimeout(800) // a board after the answers has had time to arrive

    // before the reveal: no score, no ✓/✗, no key, anywhere
    for (const p of phones) {
      assert.equal(await p.page.locator('[data-test="play-result"]').count(), 0)
      assert.equal(await p.page.locator('[data-test="play-score"] b').innerText(), '0')
      const text = await p.page.locator('[data-test="contest-play"]').innerText()
      assert.ok(!/[✓✗]|正确|错误|\+\d/.test(text), `phone shows a verdict before the reveal: ${text}`)
    }
    assert.deepEqual(Object.values(await boardScores(screen.page)), [0, 0], 'the big screen board moved before the reveal')
    assert.equal(await screen.page.locator('[data-test="question-answer"]').count(), 0)
    assert.equal(await screen.page.locator('[data-test^="option-"].right').count(), 0)
    assert.equal(await screen.page.locator('[data-test="contest-question"] em').count(), 0, 'answer statistics before the reveal')
    await shot(phones[0].page, '02-phone-received')
    await shot(screen.page, '03-screen-open')

    await hostCmd(host.page, 'reveal')
    await phase(host.page, '已公布答案')
    const right = phones[0].page.locator('[data-test="play-result"].right')
    await right.waitFor()
    assert.match(await right.innerText(), /✓[\s\S]*回答正确[\s\S]*正确答案：A[\s\S]*\+\d+/)
    const pts = Number((await phones[0].page.locator('[data-test="play-points"] b').innerText()).replace('+', ''))
    assert.ok(pts >= 10 && pts <= 20, `points on the round's scale: ${pts}`)
    await phones[0].page.locator('[data-test="play-rank"]', { hasText: '第 1 名' }).waitFor()
    const wrong = phones[1].page.locator('[data-test="play-result"].wrong')
    await wrong.waitFor()
    assert.match(await wrong.innerText(), /✗[\s\S]*回答错误[\s\S]*你的答案：B[\s\S]*正确答案：A/)
    await phones[1].page.locator('[data-test="play-rank"]', { hasText: '第 2 名' }).waitFor()
    assert.equal(await phones[0].page.locator('[data-test="play-score"] b').innerText(), String(pts))
    await screen.page.waitForFunction((pts) => [...document.querySelectorAll('[data-test="contest-board"] li .score')].some((e) => Number(e.textContent) === pts), pts)
    const scores = await boardScores(screen.page)
    assert.deepEqual(Object.values(scores).sort((a, b) => b - a), [pts, 0])
    await screen.page.locator('[data-test="option-A"].right').waitFor()
    await shot(phones[0].page, '04-phone-right')
    await shot(phones[1].page, '05-phone-wrong')
    await shot(screen.page, '06-screen-reveal')

    // a big screen that connects now has the board at once
    const late = await loggedIn(browser, SCREEN, 'organizer')
    await late.page.goto(`${BASE}/contests/${id}/screen`)
    await late.page.waitForFunction((pts) => [...document.querySelectorAll('[data-test="contest-board"] li .score')].some((e) => Number(e.textContent) === pts), pts, { timeout: 3000 })

    // the host's board: the full-screen ranking
    await hostCmd(host.page, 'board')
    await screen.page.locator('[data-test="screen-fullboard"]').waitFor()
    await screen.page.waitForTimeout(1500) // the rows slide in
    assert.equal(await screen.page.locator('[data-test^="fullboard-row-"]').count(), 2)
    await shot(screen.page, '07-screen-fullboard')

    // finishing asks first, then the podium with its tiers
    await hostCmd(host.page, 'finish')
    await host.page.locator('.contest-confirm .el-button--primary').click()
    await screen.page.locator('[data-test="screen-podium"]').waitFor()
    await screen.page.locator('[data-test="podium-tier-0"]', { hasText: '一等奖' }).waitFor()
    await shot(screen.page, '08-screen-podium')
    for (const p of [host, screen, late, ...phones]) assert.deepEqual(p.errors, [], 'no uncaught page errors')
  } finally {
    await browser.close()
  }
})

test('buzzer: the winner sees 抢到了, the other its place, a lockout its reason; a refused command shows why', { skip, timeout: 240_000 }, async () => {
  const browser = await launch()
  try {
    const host = await loggedIn(browser, DESKTOP, 'organizer')
    const users = await host.page.evaluate(async () => {
      const out = {}
      for (const q of ['王伟', '黄艳']) {
        const r = await (await fetch(`/api/v1/contests/people?q=${encodeURIComponent(q)}`)).json()
        out[q] = (r.items ?? r)[0]
      }
      return out
    })
    const id = await createContest(host.page, {
      title: `E2E抢答-${Date.now()}`,
      config: {
        mode: 'team',
        baseScore: 100,
        teams: [{ id: 1, name: '一队' }, { id: 2, name: '二队' }],
        players: [{ userId: users['王伟'].id, name: '王伟', teamId: 1 }, { userId: users['黄艳'].id, name: '黄艳', teamId: 2 }],
        rounds: [{ kind: 'buzzer', title: '抢答', points: 20, deduct: 10, rebound: true, voidAfter: 15, questions: [q('抢答第一题', 'B'), q('抢答第二题', 'C')] }],
      },
    })
    const phones = []
    for (const account of ['staff01', 'staff02']) {
      const p = await loggedIn(browser, PHONE, account)
      await p.page.goto(`${BASE}/contests/${id}/play`)
      await p.page.locator('[data-test="play-state"]').waitFor()
      phones.push(p)
    }
    await host.page.goto(`${BASE}/contests/${id}/host`)
    await host.page.locator('[data-test="socket-status"].el-tag--success').waitFor()
    await host.page.locator('[data-test="cmd-next"].el-button--primary').click()
    await phase(host.page, '环节介绍')
    await hostCmd(host.page, 'show')
    await phase(host.page, '已出题')
    await hostCmd(host.page, 'arm')
    for (const p of phones) await p.page.locator('[data-test="buzz-button"][data-state="go"]').waitFor()
    await phones[0].page.locator('[data-test="buzz-button"]').dispatchEvent('pointerdown')
    await phones[0].page.locator('[data-test="buzz-button"][data-state="won"]', { hasText: '抢到了！请作答' }).waitFor()
    await phones[1].page.locator('[data-test="buzz-button"]').dispatchEvent('pointerdown')
    await phones[1].page.locator('[data-test="buzz-button"][data-state="lost"]', { hasText: '未抢到（第 2 位）' }).waitFor()
    assert.equal(await phones[0].page.locator('[data-test="play-state"]').count(), 0, 'no 请作答 under the button')
    await shot(phones[0].page, '09-phone-buzz-won')
    await shot(phones[1].page, '10-phone-buzz-lost')

    // wrong: the winner is locked out with the reason, the floor passes
    await host.page.locator('[data-test="cmd-judge-wrong"]').click()
    await phones[0].page.locator('[data-test="buzz-button"][data-state="lockedWrong"]', { hasText: '已答错' }).waitFor()
    await phones[1].page.locator('[data-test="buzz-button"][data-state="won"]').waitFor()
    await shot(phones[0].page, '11-phone-buzz-locked')
    await host.page.locator('[data-test="cmd-judge-right"]').click()
    await hostCmd(host.page, 'reveal')
    await phase(host.page, '已公布答案')
    await hostCmd(host.page, 'next')
    await phase(host.page, '已出题')
    // the buttons reset on the next question
    for (const p of phones) await p.page.locator('[data-test="buzz-button"][data-state="wait"]').waitFor()
    await hostCmd(host.page, 'arm')
    for (const p of phones) await p.page.locator('[data-test="buzz-button"][data-state="go"]').waitFor()

    // voiding at once is refused: the host confirms, then sees why
    await hostCmd(host.page, 'void')
    await host.page.locator('.contest-confirm .el-button--primary').click()
    await host.page.locator('[data-test="host-refused"]', { hasText: '15 秒' }).waitFor()
    await shot(host.page, '12-host-refused')
    for (const p of [host, ...phones]) assert.deepEqual(p.errors, [], 'no uncaught page errors')
  } finally {
    await browser.close()
  }
})
