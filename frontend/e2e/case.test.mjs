// Browser end-to-end test of case-analysis questions (案例分析题) and the
// spaced-repetition notebook, against a running server with the demo data:
//
//   WEISHI_URL=http://127.0.0.1:18120 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/case.test.mjs
//
// The organizer makes a paper of one seeded case-analysis question and
// assigns it to the demo staff member, who takes it on a phone: the case
// narrative, then each sub-question. The choice sub-questions are marked at
// once; the organizer grades the short sub-answer against its rubric, and
// the attempt is graded. The mistakes reach the notebook, which shows each
// entry's next review as the FSRS scheduler set it. Screenshots go to
// e2e/artifacts/case-*.png, in Chinese and English.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, DEMO_PASSWORD, PHONE, launch, login, pageApi as api, shooter, skip } from './helpers.mjs'

const shot = shooter('case-', { wait: 350, fullPage: true })

test('a paper with a case-analysis question: taken on a phone, its short sub-answer graded; the notebook schedules the mistakes', { skip, timeout: 180_000 }, async () => {
  const browser = await launch(['--no-sandbox'])
  const errors = []
  try {
    const stamp = `case-${Date.now()}`
    const orgCtx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
    orgCtx.setDefaultTimeout(15_000)
    const org = await orgCtx.newPage()
    org.on('pageerror', (e) => errors.push(e))
    await login(org, 'organizer', DEMO_PASSWORD)

    // a seeded case with a short sub-question
    const list = await api(org, 'GET', '/quiz/questions?type=case&limit=100')
    assert.equal(list.status, 200)
    const cases = list.body.items
    assert.ok(list.body.total >= 30, `the seed has ${list.body.total} case-analysis questions`)
    const q = cases.find((c) => c.parts.length === 3 && c.parts.some((p) => p.type === 'short') && c.parts[0].type === 'single')
    assert.ok(q, 'a seeded case with a single-choice first part and a short part')
    const people = await api(org, 'GET', '/quiz/people?q=staff')
    const staff = people.body.find((u) => u.account === 'staff')
    assert.ok(staff, 'the demo staff member')
    const title = `[${stamp}] 案例分析测验`
    const paper = await api(org, 'POST', '/quiz/papers', {
      title, purpose: 'e2e', items: [{ questionId: q.id, points: 9 }], rules: [], timeLimit: 30,
      maxAttempts: 0, counting: 'highest', passMark: 6, multiMode: 'all_or_nothing', review: 'immediately',
    })
    assert.ok(paper.status < 300, JSON.stringify(paper.body))
    const assigned = await api(org, 'POST', `/quiz/papers/${paper.body.id}/assign`, { userIds: [staff.id] })
    assert.ok(assigned.status < 300, JSON.stringify(assigned.body))

    // ---- staff on a phone: the case, then each sub-question
    const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    phone.setDefaultTimeout(15_000)
    const p = await phone.newPage()
    p.on('pageerror', (e) => errors.push(e))
    await login(p, 'staff', DEMO_PASSWORD)
    await p.goto(BASE + '/quiz/my')
    const card = p.locator('[data-test="my-paper"]', { hasText: title })
    await card.locator('[data-test="quiz-start"]').click()
    await p.waitForURL(/\/quiz\/attempts\/\d+$/)
    const question = p.locator('[data-test="quiz-question"][data-type="case"]')
    await question.waitFor()
    assert.equal(await question.locator('[data-test="quiz-stem"]').first().innerText(), q.stem, 'the case narrative is shown')
    // the sheet carries no key: no answer, explanation or citation of any part
    const sheetJSON = await p.evaluate(async () => {
      const id = location.pathname.split('/').pop()
      return (await fetch(`/api/v1/quiz/attempts/${id}`)).text()
    })
    for (const leak of ['"answer"', '"explanation"', '"citation"', q.parts[0].explanation.slice(0, 12)]) {
      assert.ok(!sheetJSON.includes(leak), `the attempt JSON has no ${leak}`)
    }
    const width = await p.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width, `the case fits the phone (scrollWidth ${width})`)
    // a wrong first answer (not the key), then the others
    const key0 = q.parts[0].answer.choices[0]
    const wrong0 = q.parts[0].options.find((o) => o.key !== key0).key
    await p.locator(`[data-test="case-part-1"] [data-test="option-${wrong0}"]`).click()
    for (let i = 1; i < q.parts.length; i++) {
      const part = p.locator(`[data-test="case-part-${i + 1}"]`)
      if (q.parts[i].type === 'short') await part.locator('textarea[data-test="short-text"], [data-test="short-text"] textarea').fill('责令改正并依法处罚')
      else for (const k of q.parts[i].answer.choices) await part.locator(`[data-test="option-${k}"]`).click()
    }
    await p.locator('[data-test="quiz-save-state"][data-state="saved"]').waitFor()
    await shot(p, '01-case-phone-zh')
    await p.locator('[data-test="quiz-submit"]').click()
    await p.locator('.el-message-box .el-button--primary').click()
    await p.waitForURL(/\/result$/)
    await p.locator('[data-test="quiz-result"]').waitFor()
    await shot(p, '02-result-phone-zh')

    // ---- the organizer grades the short sub-answer with its rubric
    await org.goto(BASE + '/quiz/grading')
    const item = org.locator('.el-card', { hasText: title })
    await item.waitFor()
    const shortIdx = q.parts.findIndex((x) => x.type === 'short')
    const rubric = await item.locator(`[data-test="grade-part-${shortIdx + 1}"] [data-test="grade-rubric"]`).innerText()
    assert.equal(rubric.trim(), q.parts[shortIdx].answer.reference, 'the grader sees the rubric')
    const score = item.locator(`[data-test="grade-part-score-${shortIdx + 1}"] input`)
    await score.fill('2')
    await score.blur()
    await shot(org, '03-grading-zh')
    await item.locator('[data-test="grade-submit"]').click()
    await item.waitFor({ state: 'detached' })

    // the attempt is graded: the wrong first part scores 0, the other choice part 3, the short one 2
    await p.reload()
    await p.locator('[data-test="quiz-result"]').waitFor()
    assert.equal(Number(await p.locator('[data-test="quiz-score"]').innerText()), 5)

    // ---- the paper's statistics: each sub-question's facility
    await org.goto(`${BASE}/quiz/papers/${paper.body.id}/stats`)
    await org.locator('[data-test="stats-parts"]').waitFor()
    assert.equal(await org.locator(`[data-test="stats-part-facility-${q.id}-1"]`).innerText(), '0%', 'the wrong first sub-question')
    assert.equal(await org.locator(`[data-test="stats-part-facility-${q.id}-${shortIdx + 1}"]`).innerText(), '67%', 'the short one graded 2 of 3')
    await org.locator('[data-test="stats-parts"]').scrollIntoViewIfNeeded()
    await shot(org, '03b-stats-parts-zh')

    // ---- the notebook: the case is in it, its next review set by FSRS (a one-day interval)
    await p.goto(BASE + '/quiz/notebook')
    const entry = p.locator('[data-test="notebook-entry"]', { hasText: q.stem.slice(0, 20) })
    await entry.waitFor()
    await p.locator('[data-test="notebook-due"]').waitFor()
    assert.match(await entry.locator('[data-test="notebook-next"]').innerText(), /间隔 1 天/)
    const nb = await api(p, 'GET', '/quiz/notebook')
    const e = nb.body.find((x) => x.question.id === q.id)
    assert.ok(e && e.card.interval === 1 && e.card.reps === 1 && e.card.due, `the card ${JSON.stringify(e?.card)}`)
    // the case is shown in the notebook: the narrative, each sub-question
    // with the answer given, the wrong first sub-answer marked, and the keys
    await entry.locator('[data-test="notebook-stem"]', { hasText: q.stem.slice(0, 20) }).waitFor()
    assert.equal(await entry.locator('[data-test^="notebook-case-part-"]').count(), q.parts.length)
    assert.equal(await entry.locator('[data-test="notebook-case-part-1"]').getAttribute('data-wrong'), 'true', 'the wrong sub-answer is marked')
    const squash = (s) => s.replace(/\s+/g, ' ').trim()
    const part1 = squash(await entry.locator('[data-test="notebook-case-part-1"]').innerText())
    assert.ok(part1.includes(squash(q.parts[0].stem)) && part1.includes(wrong0) && part1.includes(q.parts[0].explanation.slice(0, 12)), part1)
    for (let i = 1; i < q.parts.length; i++) {
      if (q.parts[i].type !== 'short') assert.equal(await entry.locator(`[data-test="notebook-case-part-${i + 1}"]`).getAttribute('data-wrong'), 'false')
    }
    await shot(p, '04-notebook-phone-zh')
    await entry.locator('[data-test="notebook-redo"]').click()
    await entry.locator('[data-test="case-parts"]').waitFor()
    await shot(p, '05-notebook-redo-phone-zh')
    await phone.close()

    // ---- English
    const en = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' })
    en.setDefaultTimeout(15_000)
    const pe = await en.newPage()
    pe.on('pageerror', (e) => errors.push(e))
    await pe.addInitScript(() => localStorage.setItem('weishi.locale', 'en'))
    await login(pe, 'staff', DEMO_PASSWORD)
    await pe.goto(BASE + '/quiz/notebook')
    await pe.locator('[data-test="notebook-entry"]').first().waitFor()
    await shot(pe, '06-notebook-phone-en')
    await en.close()
    const orgEn = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'en-US' })
    orgEn.setDefaultTimeout(15_000)
    await orgEn.addInitScript(() => localStorage.setItem('weishi.locale', 'en'))
    const oe = await orgEn.newPage()
    oe.on('pageerror', (e) => errors.push(e))
    await login(oe, 'organizer', DEMO_PASSWORD)
    await oe.goto(`${BASE}/quiz/papers/${paper.body.id}/stats`)
    await oe.locator('[data-test="stats-parts"]', { hasText: 'Sub-questions' }).waitFor()
    await shot(oe, '07-stats-parts-en')
    await orgEn.close()
    assert.deepEqual(errors, [], 'no page errors')
  } finally {
    await browser.close()
  }
})
