// Browser end-to-end test of the bank-health report (题库体检) against a
// running server with the demo data (WEISHI_DEMO=on; password Demo2026).
//
//   WEISHI_URL=http://127.0.0.1:18120 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/health.test.mjs
//
// The organizer makes a bank holding two questions where one gives the
// other's answer away, opens the report of that bank, sees the leak in the
// chart and the list, opens the question's editor from the finding, and
// dismisses a finding with a reason; then looks at the page on a phone in
// English. Screenshots go to e2e/artifacts/health-*.png.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { ARTIFACTS, BASE, DEMO_PASSWORD, launch, login, pageApi as api, shooter, skip } from './helpers.mjs'

const shot = shooter('health-', { fullPage: true })

test('organizer finds a leak pair in a bank, edits from the finding and dismisses one with a reason', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  const stamp = String(Date.now())
  const errors = []
  try {
    const desk = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
    desk.setDefaultTimeout(15_000)
    const org = await desk.newPage()
    org.on('pageerror', (e) => errors.push(e))
    await login(org, 'organizer', DEMO_PASSWORD)

    let r = await api(org, 'POST', '/quiz/banks', { name: `体检${stamp}`, description: '' })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    const bank = r.body
    const cite = { lawName: '出版管理条例', article: 34 }
    const questions = [
      { type: 'fill', stem: `[${stamp}] 印刷或者复制单位应当自完成出版物的印刷或者复制之日起____内，留存一份承接的出版物样本备查。`, answer: { blanks: [['2年']] },
        explanation: '第三十四条规定，印刷或者复制单位应当自完成出版物的印刷或者复制之日起2年内，留存一份承接的出版物样本备查。' },
      { type: 'truefalse', stem: `[${stamp}] 印刷单位应当自完成出版物的印刷之日起2年内，留存一份承接的出版物样本备查。`, answer: { true: true }, explanation: '第三十四条作了上述规定。' },
    ]
    for (const q of questions) {
      r = await api(org, 'POST', '/quiz/questions', { ...q, citation: cite, domains: ['press'], difficulty: 2, status: 'active', bankIds: [bank.id] })
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }

    await org.goto(BASE + '/quiz/health')
    await org.locator('[data-test="health-chart"] canvas').waitFor()
    await shot(org, 'all-banks')
    await org.locator('[data-test="health-bank"]').click()
    await org.locator('.el-select-dropdown__item:visible', { hasText: `体检${stamp}` }).first().click()
    const rows = org.locator('[data-test="health-findings"] .el-table__body-wrapper tr')
    await rows.filter({ hasText: '他题泄题' }).first().waitFor()
    await rows.filter({ hasText: '解析空洞' }).first().waitFor()
    assert.equal(await org.locator('[data-test="health-open"]').innerText(), String(await rows.count()))
    await shot(org, 'bank')

    // the finding links to the question's editor
    await rows.filter({ hasText: '他题泄题' }).first().locator('[data-test="health-edit"]').click()
    const dialog = org.locator('.el-dialog:visible')
    await dialog.waitFor()
    assert.match(await dialog.locator('textarea').first().inputValue(), new RegExp(stamp))
    await shot(org, 'editor')
    await dialog.locator('.el-dialog__headerbtn').click()
    await dialog.waitFor({ state: 'hidden' })

    // dismiss the thin explanation with a reason: it leaves the open list
    const before = await rows.count()
    await rows.filter({ hasText: '解析空洞' }).first().locator('[data-test="health-dismiss"]').click()
    const box = org.locator('.el-message-box')
    await box.locator('.el-button--primary').click()
    await box.locator('.el-message-box__errormsg').waitFor() // a reason is required
    await box.locator('textarea').fill('判断题题干已完整表述规则')
    await box.locator('.el-button--primary').click()
    await org.waitForFunction((n) => document.querySelectorAll('[data-test="health-findings"] .el-table__body-wrapper tr').length === n - 1, before)
    assert.equal(await rows.filter({ hasText: '解析空洞' }).count(), 0)
    r = await api(org, 'GET', `/quiz/health?bankId=${bank.id}`)
    assert.equal(r.body.dismissed.thin_explanation, 1)
    assert.equal(r.body.findings.find((f) => f.kind === 'thin_explanation').dismissal.reason, '判断题题干已完整表述规则')

    // on a phone, in English
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true, hasTouch: true })
    phone.setDefaultTimeout(15_000)
    const p = await phone.newPage()
    p.on('pageerror', (e) => errors.push(e))
    await login(p, 'organizer', DEMO_PASSWORD)
    await p.evaluate(() => localStorage.setItem('weishi.locale', 'en'))
    await p.goto(BASE + '/quiz/health')
    await p.locator('[data-test="health-chart"] canvas').waitFor()
    await shot(p, 'phone')
    await p.screenshot({ path: join(ARTIFACTS, 'health-phone-top.png'), animations: 'disabled' })
    await p.locator('[data-test="health-findings-list"]').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(ARTIFACTS, 'health-phone-list.png'), animations: 'disabled' })
    assert.deepEqual(errors, [])
  } finally {
    await browser.close()
  }
})
