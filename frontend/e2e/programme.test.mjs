// Browser end-to-end tests of the year's programme (issue 16) against a
// running server with demo data (organizer / staff, password Demo2026),
// driven by Debian's Chromium through playwright-core.
//
//   WEISHI_URL=http://127.0.0.1:18110 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/programme.test.mjs
//
// Screenshots of each step go to e2e/artifacts/programme-*.png.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import { BASE, PHONE, call as api, field as input, launch, loggedIn, shooter, skip } from './helpers.mjs'

const DESKTOP = { width: 1440, height: 900 }
const STEP_TIMEOUT = 15_000

const shot = shooter('programme-', { wait: 500, fullPage: true })
const loginAs = (browser, account, viewport, locale = 'zh-CN') => loggedIn(browser, viewport, account, { locale, timeout: STEP_TIMEOUT, hidpi: false, text: true, localeAtLogin: locale !== 'zh-CN' })

const year = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4))

test('the dashboard: a unit\'s attendance rate opens who was absent from what', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loginAs(browser, 'organizer', DESKTOP)
    const ov = (await api(org.ctx, 'GET', `/programme/overview?year=${year}`)).body
    const unit = ov.units.find((u) => u.expected > 0 && u.attended < u.expected)
    assert.ok(unit, 'the seeded year has a unit with absences')
    await org.page.goto(BASE + '/programme/dashboard')
    await org.page.locator('[data-test="unit-table"]').waitFor()
    const link = org.page.locator(`[data-test="attendance-${unit.unitId}"]`)
    const shown = (await link.innerText()).trim()
    assert.equal(shown, `${(Math.round(unit.attendanceRate * 1000) / 10).toFixed(1)}%`, 'the table shows the unit\'s rate')
    // The charts load when scrolled to.
    await org.page.locator('[data-test="chart-areas"] canvas').waitFor()
    await shot(org.page, '01-dashboard')
    await link.click()
    const drawer = org.page.locator('[data-test="rows-drawer"]')
    await drawer.locator('[data-test="rows-table"] .el-table__row').first().waitFor()
    const rows = await drawer.locator('[data-test="rows-table"] .el-table__body-wrapper .el-table__row').count()
    assert.equal(rows, Math.min(unit.expected - unit.attended, 500), 'one row per missed person-session')
    const text = await drawer.innerText()
    assert.ok(/缺勤|请假/.test(text), 'each row says absent or excused')
    await shot(org.page, '02-absences')
    await org.page.keyboard.press('Escape')

    // Tasks: the unit's task count opens its tasks.
    await org.page.locator(`[data-test="tasks-${unit.unitId}"]`).click()
    await drawer.locator('[data-test="rows-table"] .el-table__row').first().waitFor()
    const taskRows = await drawer.locator('[data-test="rows-table"] .el-table__body-wrapper .el-table__row').count()
    assert.equal(taskRows, unit.tasksAssigned)
    await org.page.keyboard.press('Escape')

    // Hours: the unit's hours per person opens the people it is per — the
    // enrolled ones, not the whole unit — whose hours add up to the figure.
    await org.page.locator(`[data-test="hours-${unit.unitId}"]`).click()
    await drawer.locator('[data-test="rows-table"] .el-table__row').first().waitFor()
    const hourRows = await api(org.ctx, 'GET', `/programme/rows?metric=hours&year=${year}&unitId=${unit.unitId}`)
    assert.equal(hourRows.body.total, unit.enrolled, 'one row per enrolled person')
    const hourSum = hourRows.body.rows.reduce((a, r) => a + r.value, 0)
    assert.ok(Math.abs(hourSum - unit.hours) < 0.05, `the rows' hours (${hourSum}) add up to the unit's (${unit.hours})`)
    assert.equal(await drawer.locator('[data-test="rows-table"] .el-table__body-wrapper .el-table__row').count(), unit.enrolled)
    assert.equal((await org.page.locator(`[data-test="hours-${unit.unitId}"]`).innerText()).trim(), String(unit.hoursPerPerson))
    await shot(org.page, '02b-hours')
    await org.page.keyboard.press('Escape')
    // The seeded year reads like one: quizzes passed and failed, placings, work done over the months.
    assert.ok(ov.total.quizPassed > 0 && ov.total.quizPassed < ov.total.quizSubmitted, 'quizzes were passed and failed')
    assert.ok(ov.units.filter((u) => u.bestPlace > 0).length >= 5, 'several units placed in a contest')
    assert.ok(ov.trend.filter((m) => m.tasksDone > 0).length >= 4, 'tasks were done over the months')
    assert.deepEqual(org.errors, [])

    // Phone and English.
    const phone = await loginAs(browser, 'organizer', PHONE, 'en')
    await phone.page.goto(BASE + '/programme/dashboard')
    await phone.page.locator('[data-test="unit-table"]').waitFor({ timeout: 45_000 })
    await shot(phone.page, '03-dashboard-phone-en')
    assert.ok((await phone.page.locator('[data-test="programme-dashboard"]').innerText()).includes('Attendance'))

    // Staff may not reach the dashboard's data.
    const staff = await loginAs(browser, 'staff', PHONE)
    assert.equal((await api(staff.ctx, 'GET', `/programme/overview?year=${year}`)).status, 403)
    assert.equal((await api(staff.ctx, 'GET', `/programme/rows?metric=attendance&year=${year}`)).status, 403)
    await staff.page.locator('[data-test="home-announcements"]').waitFor()
    await staff.page.locator('[data-test="home-record-figures"]').waitFor() // the personal record on the home page
    await shot(staff.page, '04-home-staff-phone')
  } finally {
    await browser.close()
  }
})

test('an organizer drafts a stage bulletin from the data, edits and publishes it', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loginAs(browser, 'organizer', DESKTOP)
    await org.page.goto(BASE + '/programme/bulletins')
    await org.page.locator('[data-test="new-bulletin"]').click()
    const title = `第${Date.now() % 100000}期阶段通报`
    await input(org.page, 'bulletin-title').fill(title)
    await org.page.locator('[data-test="draft-bulletin"]').click()
    await org.page.locator('[data-test="bulletin-body"]').waitFor()
    const body = input(org.page, 'bulletin-body')
    const drafted = await body.inputValue()
    assert.ok(drafted.includes('出勤率') && drafted.includes('逾期未完成'), 'the draft is written from the data')
    const ov = (await api(org.ctx, 'GET', `/programme/overview?year=${year}`)).body
    assert.ok(drafted.includes(`全市${ov.units.length}个单位`), 'the draft counts the units')
    await shot(org.page, '05-bulletin-draft')
    await body.fill(drafted + '\n请各单位对照通报抓好整改。')
    await org.page.locator('[data-test="publish-bulletin"]').click()
    await org.page.locator('.el-message-box .el-button--primary').click()
    await org.page.locator('[data-test="bulletin-status"]', { hasText: '已发布' }).waitFor()
    const paper = await org.page.locator('[data-test="bulletin-paper"]').innerText()
    assert.ok(paper.includes('请各单位对照通报抓好整改。'))
    await shot(org.page, '06-bulletin-published')
    // exported as Word, in the official style
    const [dl] = await Promise.all([org.page.waitForEvent('download'), org.page.locator('[data-test="docx-bulletin"]').click()])
    assert.equal(dl.suggestedFilename(), `${title}.docx`)
    const xml = execFileSync('python3', ['-c', 'import zipfile,sys;sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode())', await dl.path()]).toString()
    assert.ok(xml.includes(title) && xml.includes('请各单位对照通报抓好整改。'), 'the document carries the published text')
    assert.ok(xml.includes('仿宋') && xml.includes('黑体'), 'the body in 仿宋, headings in 黑体')
    assert.ok(xml.includes(ov.units[0].unitName), 'the figures table lists the units')

    const staff = await loginAs(browser, 'staff', PHONE)
    const list = (await api(staff.ctx, 'GET', '/programme/bulletins')).body
    const mine = list.find((b) => b.title === title)
    assert.ok(mine && mine.status === 'published', 'staff see the published bulletin')
    await staff.page.goto(BASE + `/programme/bulletins/${mine.id}`)
    await staff.page.locator('[data-test="bulletin-paper"]').waitFor()
    await shot(staff.page, '07-bulletin-phone')
  } finally {
    await browser.close()
  }
})

test('the award ranking shows each component, and a bad weight is a field error', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loginAs(browser, 'organizer', DESKTOP)
    await org.page.goto(BASE + '/programme/awards')
    const table = org.page.locator('[data-test="award-ranking"]')
    await table.locator('.el-table__body-wrapper .el-table__row').first().waitFor()
    const rank = (await api(org.ctx, 'GET', `/programme/awards/ranking?year=${year}`)).body
    const first = table.locator('.el-table__body-wrapper .el-table__row').first()
    const cells = await first.locator('[data-test^="component-"]').allInnerTexts()
    assert.equal(cells.length, 5, 'five components per unit')
    const top = rank.units[0]
    const sum = Object.values(top.points).reduce((a, b) => a + b, 0)
    assert.ok(Math.abs(sum - top.score) < 0.06, 'the components add up to the score')
    assert.ok(cells[0].includes(top.points.tasks.toFixed(2)), 'the task component shows its points')
    await shot(org.page, '08-ranking')

    await input(org.page, 'weight-tasks').fill('abc')
    await org.page.locator('[data-test="save-weights"]').click()
    const err = org.page.locator('[data-test="weights-form"] .el-form-item__error').first()
    await err.waitFor()
    assert.ok((await err.innerText()).length > 0)
    await shot(org.page, '09-weight-error')

    // The committee approves a nomination; its certificate and the organisation awards print.
    const noms = (await api(org.ctx, 'GET', `/programme/awards/nominations?year=${year}`)).body
    let approved = noms.find((n) => n.status === 'approved')
    if (!approved) {
      const pending = noms.find((n) => n.status === 'pending')
      assert.ok(pending, 'the seed has a pending nomination')
      const d = await api(org.ctx, 'POST', `/programme/awards/nominations/${pending.id}/decide`, { approve: true, reason: '事迹突出，评审通过' })
      assert.equal(d.status, 200)
      approved = d.body
      assert.equal(approved.decisions.at(-1).reason, '事迹突出，评审通过', 'the decision is recorded with its reason')
    }
    await org.page.locator('[data-test="open-certificates"]').click()
    await org.page.locator('[data-test="cert-person"]').first().waitFor()
    assert.equal(await org.page.locator('[data-test="cert-unit"]').count(), Math.min(3, rank.units.filter((u) => u.rank <= 3 && u.score > 0).length))
    assert.ok((await org.page.locator('[data-test="programme-certificates"]').innerText()).includes(approved.name))
    await shot(org.page, '11-certificates')
  } finally {
    await browser.close()
  }
})

test('an organizer sends a research report into a draft document appraisal; a unit head may not', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  try {
    const org = await loginAs(browser, 'organizer', DESKTOP)
    const ap = await api(org.ctx, 'POST', '/appraisal/contests', { title: `调研报告评审${Date.now() % 100000}`, panel: [] })
    assert.equal(ap.status, 201, JSON.stringify(ap.body))
    const reports = (await api(org.ctx, 'GET', `/programme/reports?year=${year}`)).body
    const rep = reports.find((r) => !r.appraisalId)
    assert.ok(rep, 'a seeded report not sent yet')
    const head = await loginAs(browser, 'unithead', DESKTOP)
    assert.equal((await api(head.ctx, 'POST', `/programme/reports/${rep.id}/appraisal`, { contestId: ap.body.id })).status, 403)

    await org.page.goto(BASE + '/programme/reports')
    const row = org.page.locator('[data-test="report-list"] .el-table__row', { hasText: rep.title })
    await row.locator('[data-test="send-appraisal"]').click()
    const dialog = org.page.locator('[data-test="send-dialog"]')
    await dialog.locator('[data-test="send-target"]').click()
    await org.page.locator('.el-select-dropdown__item', { hasText: ap.body.title }).click()
    await shot(org.page, '10-report-send')
    await dialog.locator('[data-test="send-confirm"]').click()
    await row.locator('[data-test="report-sent"]').waitFor()
    const docs = (await api(org.ctx, 'GET', `/appraisal/contests/${ap.body.id}/documents`)).body
    assert.equal(docs.length, 1, 'the report is an entry of the appraisal')
    assert.equal(docs[0].files.length, 1, 'with its file')
    assert.equal((await api(org.ctx, 'POST', `/programme/reports/${rep.id}/appraisal`, { contestId: ap.body.id })).status, 409, 'once')
    assert.deepEqual(org.errors, [])
  } finally {
    await browser.close()
  }
})
