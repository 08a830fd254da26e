// Browser end-to-end test of the case-analysis editor in the bank and of
// the retention curve on the statistics pages, against a running server
// with the demo data:
//
//   WEISHI_URL=http://127.0.0.1:18120 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/bank-case.test.mjs
//
// The organizer writes a case of two sub-questions (a single choice and a
// short answer with its rubric) in the editor, at 1440x900, and saves it;
// the server holds both sub-questions with their citations. The staff
// member gets a question wrong and then right in practice, on a phone: the
// redo is logged, and their retention curve shows it; the organizer's
// statistics page shows everyone's. Screenshots go to e2e/artifacts/bankcase-*.png.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, DEMO_PASSWORD, field as input, launch, login, pageApi as api, shooter, skip } from './helpers.mjs'

const shot = shooter('bankcase-', { fullPage: true })

async function pick(page, trigger, text) {
  await page.locator(`[data-test="${trigger}"]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

test('the bank editor writes a case-analysis question; a redo shows on the retention curves', { skip, timeout: 180_000 }, async () => {
  const browser = await launch(['--no-sandbox'])
  const errors = []
  try {
    const stamp = `案例${Date.now()}`
    const orgCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    orgCtx.setDefaultTimeout(15_000)
    const org = await orgCtx.newPage()
    org.on('pageerror', (e) => errors.push(e))
    await login(org, 'organizer', DEMO_PASSWORD)

    // the editor: a case of a single choice and a short answer
    await org.goto(BASE + '/quiz/bank')
    await org.locator('[data-test="bank-new"]').click()
    await pick(org, 'editor-type', '案例分析题')
    await org.locator('[data-test="case-part-0"]').waitFor()
    await input(org, 'editor-stem').fill(`${stamp}：某书店销售未经许可复制的图书，执法人员当场查获。`)
    await input(org, 'part-stem-0').fill('该行为侵犯著作权人的哪项权利？（  ）')
    for (const [k, v] of [['A', '发表权'], ['B', '发行权'], ['C', '修改权'], ['D', '署名权']]) await input(org, `part-option-0-${k}`).fill(v)
    await org.locator('[data-test="part-key-0-B"]').click()
    await input(org, 'part-explanation-0').fill('第十条第一款第六项规定，发行权即以出售或者赠与方式向公众提供作品的原件或者复制件的权利。')
    await pick(org, 'part-law-0', '著作权法')
    await input(org, 'part-article-0').fill('10')
    await input(org, 'part-stem-1').fill('主管著作权的部门可以作出哪些处理？')
    await input(org, 'part-reference-1').fill('责令停止侵权行为，予以警告，没收违法所得。')
    await input(org, 'part-keywords-1').fill('停止侵权；警告；没收违法所得')
    await input(org, 'part-explanation-1').fill('第五十三条规定，同时损害公共利益的，由主管著作权的部门责令停止侵权行为，予以警告，没收违法所得。')
    await pick(org, 'part-law-1', '著作权法')
    await input(org, 'part-article-1').fill('53')
    await shot(org, 'editor-zh')
    await org.locator('[data-test="editor-save"]').click()
    await org.locator('[data-test="case-part-0"]').waitFor({ state: 'hidden' })

    const found = await api(org, 'GET', `/quiz/questions?type=case&q=${encodeURIComponent(stamp)}`)
    assert.equal(found.status, 200)
    assert.equal(found.body.items.length, 1, 'the case is stored')
    const c = found.body.items[0]
    assert.equal(c.parts.length, 2)
    assert.deepEqual(c.parts[0].answer.choices, ['B'])
    assert.equal(c.parts[0].citation.article, 10)
    assert.equal(c.parts[1].type, 'short')
    assert.deepEqual(c.parts[1].answer.keywords, ['停止侵权', '警告', '没收违法所得'])
    assert.equal(c.parts[1].citation.article, 53)
    assert.match(c.parts[0].citation.lawName, /著作权法/)

    // a field error names the sub-question: a short answer without its rubric
    await org.locator('[data-test="bank-new"]').click()
    await pick(org, 'editor-type', '案例分析题')
    await input(org, 'editor-stem').fill(`${stamp}-2：案情。`)
    await org.locator('[data-test="editor-save"]').click()
    await org.locator('[data-test="case-part-0"] .el-form-item__error').first().waitFor()
    await shot(org, 'editor-errors')
    await org.keyboard.press('Escape')

    // a staff member's redo on a phone, then the retention curves
    const staffCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    staffCtx.setDefaultTimeout(15_000)
    const staff = await staffCtx.newPage()
    staff.on('pageerror', (e) => errors.push(e))
    await login(staff, 'staff', DEMO_PASSWORD)
    const tf = (await api(org, 'GET', '/quiz/questions?type=truefalse&status=active&limit=1')).body.items[0]
    const truth = tf.answer.true
    let r = await api(staff, 'POST', `/quiz/practice/${tf.id}/answer`, { response: { true: !truth } })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    r = await api(staff, 'POST', `/quiz/practice/${tf.id}/answer`, { response: { true: truth } })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const mine = await api(staff, 'GET', '/quiz/my/retention')
    const law = mine.body.laws.find((l) => l.lawId === tf.citation.lawId)
    assert.ok(law && law.reviews >= 1 && law.points[0].reviews >= 1, 'the redo is logged: ' + JSON.stringify(mine.body))

    await staff.goto(BASE + '/quiz/my')
    await staff.locator('[data-test="show-retention"]').click()
    await staff.locator('[data-test="retention-curve"] canvas').waitFor()
    await staff.locator('[data-test="retention-law"]').click()
    await staff.locator('.el-select-dropdown__item:visible', { hasText: tf.citation.lawName }).first().click()
    await staff.locator('[data-test="retention-count"]').waitFor()
    await shot(staff, 'mine-phone-zh')
    assert.equal((await api(staff, 'GET', '/quiz/retention')).status, 403, 'everyone\'s curve is for organizers')

    // the organizer's statistics page, in English
    const papers = await api(org, 'GET', '/quiz/papers')
    assert.ok(papers.body.length > 0)
    await org.evaluate(() => localStorage.setItem('weishi.locale', 'en'))
    await org.goto(BASE + `/quiz/papers/${papers.body[0].id}/stats`)
    const card = org.locator('[data-test="stats-retention"]')
    await card.scrollIntoViewIfNeeded()
    await card.locator('[data-test="retention-curve"] canvas').waitFor()
    await shot(org, 'stats-en')
    assert.deepEqual(errors, [])
  } finally {
    await browser.close()
  }
})
