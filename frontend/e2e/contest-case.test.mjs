// Browser test of case-analysis questions in a live contest (issue 15),
// against a running server with the demo data (see contest.test.mjs for
// how to run it). The organizer publishes a team contest whose compulsory
// and buzzer rounds each draw one case-analysis question from the seed
// bank. When the host shows it, the big screen and both players' phones
// lay out the case: the narrative, then the numbered sub-questions with
// their options, and no key; the host judges the spoken answer and the
// reveal shows every sub-question's key. Screenshots (screen 1920×1080,
// phones 390×844 in Chinese and English) go to e2e/artifacts/contest-case-*.png.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, DESKTOP, PHONE, SCREEN, hostCmd, launch, loggedIn as session, phase, shooter, skip } from './helpers.mjs'

const shot = shooter('contest-case-', { animations: 'allow' })
const loggedIn = (browser, viewport, account, locale = 'zh-CN') => session(browser, viewport, account, { locale, storeLocale: locale === 'en', context: { isMobile: viewport === PHONE, hasTouch: viewport === PHONE } })

test('a case-analysis question in a compulsory and a buzzer round: the case on the big screen and the phones, judged aloud', { skip, timeout: 240_000 }, async () => {
  const browser = await launch(['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'])
  try {
    const host = await loggedIn(browser, DESKTOP, 'organizer')
    const { id, rounds } = await host.page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json()
      const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }
      const users = {}
      for (const q of ['王伟', '黄艳']) {
        const r = await (await fetch(`/api/v1/contests/people?q=${encodeURIComponent(q)}`)).json()
        users[q] = (r.items ?? r)[0]
      }
      const body = {
        title: `E2E案例-${Date.now()}`,
        config: {
          mode: 'team',
          baseScore: 100,
          teams: [{ id: 1, name: '一队' }, { id: 2, name: '二队' }],
          players: [{ userId: users['王伟'].id, name: '王伟', teamId: 1 }, { userId: users['黄艳'].id, name: '黄艳', teamId: 2 }],
          rounds: [
            { kind: 'compulsory', title: '案例必答', points: 30, draw: { type: 'case', count: 1 } },
            { kind: 'buzzer', title: '案例抢答', points: 30, deduct: 10, draw: { type: 'case', count: 1 } },
          ],
        },
      }
      const res = await fetch('/api/v1/contests', { method: 'POST', headers, body: JSON.stringify(body) })
      const created = await res.json()
      if (!res.ok) throw new Error('create failed: ' + JSON.stringify(created))
      const pub = await fetch(`/api/v1/contests/${created.id}/publish`, { method: 'POST', headers })
      const published = await pub.json()
      if (!pub.ok) throw new Error('publish failed: ' + JSON.stringify(published))
      return { id: created.id, rounds: published.config.rounds }
    })
    // publication snapshots each draw: an oral question with the case apart
    const cases = rounds.map((r) => r.questions[0])
    for (const c of cases) {
      assert.equal(c.type, 'oral')
      assert.ok(c.case && c.case.narrative && c.case.parts.length >= 2, `a case snapshot ${JSON.stringify(c)}`)
      assert.match(c.answer, /（1）/)
    }
    assert.notEqual(cases[0].sourceId, cases[1].sourceId, 'two different cases')

    const phones = [await loggedIn(browser, PHONE, 'staff01'), await loggedIn(browser, PHONE, 'staff02', 'en')]
    for (const p of phones) {
      await p.page.goto(`${BASE}/contests/${id}/play`)
      await p.page.locator('[data-test="contest-play"]').waitFor()
    }
    const screen = await loggedIn(browser, SCREEN, 'organizer')
    await screen.page.goto(`${BASE}/contests/${id}/screen`)
    await screen.page.locator('[data-test="contest-screen"]').waitFor()
    await host.page.goto(`${BASE}/contests/${id}/host`)
    await host.page.locator('[data-test="socket-status"].el-tag--success').waitFor()

    const seesCase = async (page, c) => {
      const box = page.locator('[data-test="contest-case"]')
      await box.waitFor()
      const flat = (s) => s.replace(/\s+/g, '')
      assert.equal(flat(await box.locator('[data-test="contest-case-narrative"]').innerText()), flat(c.case.narrative))
      assert.equal(await box.locator('[data-test^="contest-case-part-"]').count(), c.case.parts.length)
      const first = c.case.parts[0]
      const squash = (s) => s.replace(/\s+/g, ' ').trim()
      const text = squash(await box.locator('[data-test="contest-case-part-1"]').innerText())
      assert.ok(text.includes(squash(first.stem)), `the first sub-question: ${text}`)
      if (first.options?.length) assert.ok(text.includes(squash(first.options[0])), `its first option: ${text}`)
    }
    const noKey = async (page, c) => {
      const text = await page.locator('body').innerText()
      assert.equal(await page.locator('[data-test="question-answer"]').count(), 0, 'no key before the reveal')
      assert.ok(!text.includes(c.answer.slice(0, 12)), 'the reference answer is not shown before the reveal')
    }

    // ---- the compulsory round: team 1 answers aloud, the host judges
    await host.page.locator('[data-test="cmd-next"].el-button--primary').click()
    await phase(host.page, '环节介绍')
    await hostCmd(host.page, 'show')
    await phase(host.page, '已出题')
    await seesCase(screen.page, cases[0])
    for (const p of phones) await seesCase(p.page, cases[0])
    await noKey(screen.page, cases[0])
    for (const p of phones) await noKey(p.page, cases[0])
    const width = await phones[0].page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width, `the case fits the phone (scrollWidth ${width})`)
    await shot(screen.page, '01-screen-compulsory-zh')
    await shot(phones[0].page, '02-phone-compulsory-zh')
    await shot(phones[1].page, '03-phone-compulsory-en')
    await seesCase(host.page, cases[0])
    await shot(host.page, '04-host-zh')
    await hostCmd(host.page, 'open')
    await host.page.locator('[data-test="cmd-judge-right"]').click()
    await hostCmd(host.page, 'reveal')
    await phase(host.page, '已公布答案')
    const answer = screen.page.locator('[data-test="question-answer"]')
    await answer.waitFor()
    assert.ok((await answer.innerText()).includes('（1）'), 'the reveal lists each sub-question key')
    await shot(screen.page, '05-screen-revealed-zh')

    // ---- the buzzer round: the winner answers the case aloud
    await hostCmd(host.page, 'next')
    await phase(host.page, '环节介绍')
    await hostCmd(host.page, 'show')
    await phase(host.page, '已出题')
    await seesCase(screen.page, cases[1])
    await hostCmd(host.page, 'arm')
    for (const p of phones) await p.page.locator('[data-test="buzz-button"][data-state="go"]').waitFor()
    await seesCase(phones[1].page, cases[1])
    // the buzzer stays on the phone's screen under a long case
    const box = await phones[1].page.locator('[data-test="buzz-button"]').boundingBox()
    assert.ok(box && box.y >= 0 && box.y + box.height <= PHONE.height, `the buzz button is on screen: ${JSON.stringify(box)}`)
    await phones[1].page.locator('[data-test="buzz-button"]').dispatchEvent('pointerdown')
    await phones[1].page.locator('[data-test="buzz-button"][data-state="won"]').waitFor()
    await shot(phones[1].page, '06-phone-buzzer-won-en')
    await shot(screen.page, '07-screen-buzzer-zh')
    await host.page.locator('[data-test="cmd-judge-right"]').click()
    await hostCmd(host.page, 'reveal')
    await phase(host.page, '已公布答案')
    await screen.page.locator('[data-test="question-answer"]').waitFor()
    for (const p of [host, screen, ...phones]) assert.deepEqual(p.errors, [], 'no uncaught page errors')
  } finally {
    await browser.close()
  }
})
