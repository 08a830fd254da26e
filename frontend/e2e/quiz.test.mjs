// Browser end-to-end test of the quiz feature against a running server with
// the demo data (WEISHI_DEMO=on; demo accounts use the password Demo2026).
//
//   WEISHI_URL=http://127.0.0.1:18120 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/quiz.test.mjs
//
// The organizer imports a messy text file, builds a random paper from it and
// assigns it to a unit; a staff member of that unit takes it on a phone,
// reloads the page mid-way without losing answers, submits, reviews, and
// finds the mistakes in the wrong-answer notebook; the organizer sees the
// statistics. Names carry a timestamp so the test can run again. Screenshots
// go to e2e/artifacts/quiz-*.png.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, DEMO_PASSWORD, PHONE, input, launch, login, shooter, skip } from './helpers.mjs'

const DESKTOP = { width: 1366, height: 860 }
const STEP_TIMEOUT = 15_000
// The demo staff account and its unit (seed/seed.go).
const STAFF = 'staff'
const STAFF_UNIT = '执法一支队'

const shot = shooter('quiz-', { wait: 350, fullPage: true })

/** Picks an option of the visible Element Plus select dropdown. */
async function choose(page, trigger, text) {
  await trigger.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

// A messy real-world file: full-width markers and letters, answers written
// A、B, stray spaces, several blank lines, a (１) number.
function messyFile(stamp) {
  return `一、单选题（共3题）
1．[${stamp}] 著作权法规定，著作权人享有的权利不包括（  ）。
Ａ．发表权
Ｂ．署名权
Ｃ．专利权
Ｄ．复制权
【答案】Ｃ
【依据】《中华人民共和国著作权法》第十条


2、 [${stamp}] 下列属于著作财产权的是（ ）
A、署名权
B、复制权
C、发表权
【答案】 B
【依据】《著作权法》第十条第一款第五项

(3) [${stamp}] 著作权法所称的作品不包括（ ）。
A. 文字作品
B. 口述作品
C. 音乐作品
D. 单纯事实消息
【答案】D
【依据】《著作权法》第五条

二、多选题
4. [${stamp}] 著作人身权包括（ ）。
A. 发表权
B. 署名权
C. 出租权
D. 修改权
【答案】A、B、D
【解析】见第十条。
【依据】《著作权法》第十条

三、判断题
5. [${stamp}] 著作权属于作者，本法另有规定的除外。
【答案】√
【依据】《著作权法》第十一条
`
}

test('organizer imports and assigns a random paper; staff takes it on a phone; mistakes reach the notebook; stats show it', { skip, timeout: 240_000 }, async () => {
  const browser = await launch()
  const stamp = String(Date.now())
  const bankName = `E2E题库${stamp}`
  const paperTitle = `E2E测验${stamp}`
  const errors = []

  try {
    // ---- Organizer on a desktop ------------------------------------------------
    const desk = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
    desk.setDefaultTimeout(STEP_TIMEOUT)
    const org = await desk.newPage()
    org.on('pageerror', (e) => errors.push(e))
    await login(org, 'organizer', DEMO_PASSWORD)

    // a bank for this run
    await org.goto(BASE + '/quiz/bank')
    await org.locator('[data-test="bank-table"]').waitFor()
    await org.getByRole('button', { name: '新建题库' }).click()
    await org.locator('.el-message-box input').fill(bankName)
    await org.locator('.el-message-box .el-button--primary').click()
    await org.locator('.el-message-box').waitFor({ state: 'hidden' })

    // import: a bad file first shows row errors and writes nothing
    await org.locator('[data-test="bank-import"]').click()
    const bad = messyFile(stamp) + `\n6. [${stamp}] 缺答案的题\nA. 甲\nB. 乙\n`
    await org.locator('[data-test="import-file"] input[type="file"], input[data-test="import-file"]').setInputFiles({ name: 'bad.txt', mimeType: 'text/plain', buffer: Buffer.from(bad) })
    await org.locator('[data-test="import-check"]').click()
    await org.locator('[data-test="import-errors"]').waitFor()
    assert.match(await org.locator('[data-test="import-errors"]').innerText(), /缺少答案/)
    assert.ok(await org.locator('[data-test="import-commit"]').isDisabled(), 'a bad file cannot be imported')
    await shot(org, '01-import-errors')

    // a long file: the check answers a page of rows at a time; page 2 is fetched on request
    await org.getByRole('button', { name: '选择文件' }).click()
    let long = '三、判断题\n'
    for (let i = 1; i <= 60; i++) long += `${i}. [${stamp}] 分页检查第${i}号题目：著作权自作品创作完成之日起产生。\n【答案】正确\n【依据】《著作权法》第十条\n\n`
    await org.locator('[data-test="import-file"] input[type="file"], input[data-test="import-file"]').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(long) })
    await org.locator('[data-test="import-check"]').click()
    await org.locator('[data-test="import-rows"]').waitFor()
    assert.match(await org.locator('[data-test="import-summary"]').innerText(), /60 道可导入，0 道有错误/)
    assert.match(await org.locator('[data-test="import-rows"]').innerText(), /分页检查第1号题目/)
    assert.doesNotMatch(await org.locator('[data-test="import-rows"]').innerText(), /分页检查第51号题目/)
    await org.locator('[data-test="import-rows-pages"] .number', { hasText: '2' }).click()
    await org.locator('[data-test="import-rows"]', { hasText: '分页检查第51号题目' }).waitFor()
    await shot(org, '01b-import-rows-page-2')

    // then the clean file, into the new bank
    await org.getByRole('button', { name: '选择文件' }).click()
    await org.locator('[data-test="import-file"] input[type="file"], input[data-test="import-file"]').setInputFiles({ name: 'messy.txt', mimeType: 'text/plain', buffer: Buffer.from(messyFile(stamp)) })
    await org.locator('[data-test="import-check"]').click()
    await org.locator('[data-test="import-summary"]').waitFor()
    assert.match(await org.locator('[data-test="import-summary"]').innerText(), /5 道可导入，0 道有错误/)
    await choose(org, org.locator('.el-dialog .el-select').last(), bankName)
    await shot(org, '02-import-preview')
    await org.locator('[data-test="import-commit"]').click()
    await org.locator('[data-test="import-done"]').waitFor()
    await org.locator('.el-dialog__headerbtn:visible').first().click()
    await input(org, 'bank-q').fill(stamp)
    await input(org, 'bank-q').press('Enter')
    await org.locator('[data-test="bank-total"]', { hasText: '共 5 道题' }).waitFor()
    await shot(org, '03-bank')

    // a random paper: 5 questions of any type from the new bank
    await org.goto(BASE + '/quiz/papers')
    await org.locator('[data-test="paper-new"]').click()
    await input(org, 'paper-title').fill(paperTitle)
    const rule = org.locator('[data-test="paper-rule"]').first()
    await rule.locator('.el-input-number input').first().fill('5')
    await rule.locator('.el-select').first().hover()
    await rule.locator('.el-select').first().locator('.el-select__clear, .el-icon.el-select__caret').first().click().catch(() => {})
    // clear the type: pick nothing by using the clear icon (or leave when the clear icon is absent)
    await choose(org, rule.locator('.el-select').nth(1), bankName)
    await rule.locator('.el-input-number input').nth(1).fill('2')
    await input(org, 'paper-pass').fill('6')
    await org.locator('[data-test="rule-available-0"]', { hasText: '可抽 5 道' }).waitFor()
    await shot(org, '04-paper-builder')
    await org.locator('[data-test="paper-save"]').click()
    const row = org.locator('[data-test="papers-table"] .el-table__row', { hasText: paperTitle })
    await row.waitFor()
    await row.locator('[data-test="paper-assign"]').click()
    await choose(org, org.locator('[data-test="assign-units"]'), STAFF_UNIT)
    await org.keyboard.press('Escape')
    await org.locator('[data-test="assign-save"]').click()
    // The dialog closes once the assignment is stored (an earlier success
    // message may still be on screen).
    await org.locator('[data-test="assign-save"]').waitFor({ state: 'hidden' })
    await shot(org, '05-papers')

    // ---- Staff on a phone ----------------------------------------------------------
    const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    phone.setDefaultTimeout(STEP_TIMEOUT)
    const p = await phone.newPage()
    p.on('pageerror', (e) => errors.push(e))
    await login(p, STAFF, DEMO_PASSWORD)
    await p.goto(BASE + '/quiz/my')
    const card = p.locator('[data-test="my-paper"]', { hasText: paperTitle })
    await card.waitFor()
    await shot(p, '06-my-quizzes-phone')
    await card.locator('[data-test="quiz-start"]').click()
    await p.waitForURL(/\/quiz\/attempts\/\d+$/)
    await p.locator('[data-test="quiz-timer"]').waitFor()
    const width = await p.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width, `the quiz page fits the phone (scrollWidth ${width})`)

    // answer the first question with its first option, then flag it
    async function answerFirstChoice() {
      const q = p.locator('[data-test="quiz-question"]')
      const type = await q.getAttribute('data-type')
      if (type === 'truefalse') await q.locator('[data-test="option-F"]').click()
      else await q.locator('[data-test="option-A"]').click()
      return type
    }
    await answerFirstChoice()
    await p.locator('[data-test="quiz-flag"]').click()
    await p.locator('[data-test="quiz-next"]').click()
    await answerFirstChoice()
    await p.locator('[data-test="quiz-save-state"][data-state="saved"]').waitFor()
    await shot(p, '07-quiz-phone')

    // reload mid-way: the page comes back on question 2 with both answers and the flag
    await p.reload()
    await p.locator('[data-test="quiz-timer"]').waitFor()
    assert.match(await p.locator('[data-test="quiz-navigator"]').innerText(), /2\/5/, 'the reload resumes on the same question')
    await p.locator('[data-test="quiz-navigator"]').click()
    await p.locator('[data-test="nav-1"].answered.flagged').waitFor()
    await p.locator('[data-test="nav-2"].answered').waitFor()
    assert.equal(await p.locator('.cell.answered').count(), 2, 'two answers survive the reload')
    await shot(p, '08-navigator-after-reload-phone')
    await p.locator('[data-test="nav-3"]').click()
    await answerFirstChoice()
    await p.locator('[data-test="quiz-next"]').click()
    await answerFirstChoice()
    await p.locator('[data-test="quiz-next"]').click()
    // leave the last one unanswered: the confirmation counts it
    await p.locator('[data-test="quiz-submit"]').click()
    await p.locator('.el-message-box', { hasText: '还有 1 道题未作答' }).waitFor()
    await shot(p, '09-submit-confirm-phone')
    await p.locator('.el-message-box .el-button--primary').click()
    await p.waitForURL(/\/result$/)
    await p.locator('[data-test="quiz-result"]').waitFor()
    const score = Number(await p.locator('[data-test="quiz-score"]').innerText())
    assert.ok(score < 10, `some answers were wrong (score ${score})`)
    assert.ok((await p.locator('[data-test="review-item"]').count()) === 5, 'the review lists all five questions')
    assert.ok((await p.locator('[data-test="reveal-citation"]').count()) >= 1, 'the review cites the law')
    await shot(p, '10-result-phone')

    // the mistakes are in the notebook
    await p.locator('[data-test="to-notebook"]').click()
    await p.waitForURL(/\/quiz\/notebook/)
    const mine = p.locator('[data-test="notebook-entry"]', { hasText: stamp })
    await mine.first().waitFor()
    assert.ok((await mine.count()) >= 2, 'wrong answers reach the notebook')
    await shot(p, '11-notebook-phone')
    // redo one from the notebook
    await mine.first().locator('[data-test="notebook-redo"]').click()
    await mine.first().locator('[data-test="quiz-question"]').waitFor()
    await shot(p, '12-notebook-redo-phone')
    // strengths and weaknesses, by domain and by law
    await p.goto(BASE + '/quiz/my')
    // the chart loads when asked for
    await p.locator('[data-test="show-strengths"]').click()
    await p.locator('[data-test="my-strengths"] [data-test="strength-row"]').first().waitFor()
    await p.locator('[data-test="strengths-by-law"]').click()
    await p.locator('[data-test="my-strengths"] [data-test="strength-row"]', { hasText: '著作权法' }).waitFor()
    await shot(p, '12b-strengths-by-law-phone')
    await phone.close()

    // ---- The organizer sees the statistics ----------------------------------------------
    await org.goto(BASE + '/quiz/papers')
    await org.locator('[data-test="papers-table"] .el-table__row', { hasText: paperTitle }).locator('[data-test="paper-stats"]').click()
    await org.locator('[data-test="stats-completed"]', { hasText: '1' }).waitFor()
    await org.locator('[data-test="stats-items"] .el-table__row').first().waitFor()
    await shot(org, '13-stats')
    // a person's strengths by law
    await org.locator('.el-table__row', { hasText: '执法人员演示' }).last().click()
    await org.locator('.el-dialog [data-test="strengths-by-law"]').click()
    await org.locator('.el-dialog [data-test="strength-row"]', { hasText: '著作权法' }).waitFor()
    await shot(org, '14-person-strengths')
    await org.locator('.el-dialog__headerbtn:visible').first().click()

    // the same paper, now also to a training class: its enrolled people get it
    await org.goto(BASE + '/quiz/papers')
    const paperRow = org.locator('[data-test="papers-table"] .el-table__row', { hasText: paperTitle })
    const assignedBefore = Number((await paperRow.innerText()).match(/已分配 (\d+) 人/)?.[1] ?? 0)
    await paperRow.locator('[data-test="paper-assign"]').click()
    await choose(org, org.locator('[data-test="assign-classes"]'), '版权专题执法培训班')
    await org.keyboard.press('Escape')
    await org.locator('[data-test="assign-save"]').click()
    await org.locator('[data-test="assign-save"]').waitFor({ state: 'hidden' })
    await org.waitForFunction(
      ([title, before]) => {
        const row = [...document.querySelectorAll('[data-test="papers-table"] .el-table__row')].find((r) => r.textContent.includes(title))
        const m = row?.textContent.match(/已分配 (\d+) 人/)
        return m && Number(m[1]) > before
      },
      [paperTitle, assignedBefore],
    )
    await shot(org, '15-assigned-to-class')
    await desk.close()

    assert.deepEqual(errors.map(String), [], 'no uncaught errors in the pages')
  } finally {
    await browser.close()
  }
})
