// Browser end-to-end tests of training schedules (issue 3) against a running
// server with demo data (organizer / staff, password Demo2026), driven by
// Debian's Chromium through playwright-core.
//
//   WEISHI_URL=http://127.0.0.1:18110 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/courses.test.mjs
//
// Names carry a timestamp, so the tests can run again against the same
// server. Screenshots of each step go to e2e/artifacts/courses-*.png.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, PHONE, api, input, launch, loggedIn, shooter, skip } from './helpers.mjs'

const DESKTOP = { width: 1366, height: 800 }
const STEP_TIMEOUT = 15_000

const shot = shooter('courses-', { fullPage: true })
/** Logs in through the login page and waits for the home page. */
const loginAs = (browser, account, viewport) => loggedIn(browser, viewport, account, { timeout: STEP_TIMEOUT, hidpi: false, text: true })

function shanghaiDate(d) {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

test('staff checks in on a phone by opening the QR link and sees the hours credited', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  const stamp = Date.now()
  try {
    const org = await loginAs(browser, 'organizer', DESKTOP)
    // A class with a session happening now, built through the API.
    const now = new Date()
    const klass = await api(org.ctx, 'POST', '/courses/classes', {
      title: `E2E签到演练-${stamp}`, kind: 'drill', domains: ['internet'], laws: [], offPost: false,
    })
    const batch = await api(org.ctx, 'POST', `/courses/classes/${klass.id}/batches`, {
      name: '演练', startsOn: shanghaiDate(new Date(now.getTime() - 86400_000)), endsOn: shanghaiDate(new Date(now.getTime() + 86400_000)),
      venue: `E2E教室-${stamp}`, capacity: 10, unitIds: [],
    })
    const session = await api(org.ctx, 'POST', '/courses/sessions', {
      batchId: batch.id, start: new Date(now.getTime() - 5 * 60_000).toISOString(), end: new Date(now.getTime() + 55 * 60_000).toISOString(),
      topic: '扫码签到', lecturer: '', venue: '', hours: 1.5, cancelled: false,
    })
    const people = await api(org.ctx, 'GET', '/courses/people?q=' + encodeURIComponent('执法人员演示'))
    const staffId = people.items[0]?.id
    assert.ok(staffId, 'the demo staff member is found')
    await api(org.ctx, 'POST', `/courses/batches/${batch.id}/enrolments`, { userIds: [staffId], unitIds: [], override: true, reason: 'e2e' })

    // The organizer opens the full-screen display.
    await org.page.goto(`${BASE}/display/checkin/${session.id}`)
    const qr = org.page.locator('[data-test="display-qr"]')
    await qr.waitFor()
    const url = await qr.getAttribute('data-url')
    assert.match(url ?? '', /\/checkin\?t=/)
    assert.equal(await org.page.locator('[data-test="display-count"]').innerText(), '0')
    await shot(org.page, '01-display-before')

    // The staff member opens the QR link on a phone.
    const staff = await loginAs(browser, 'staff', PHONE)
    const before = await api(staff.ctx, 'GET', '/courses/me/record')
    await staff.page.goto(url.replace(/^https?:\/\/[^/]+/, BASE))
    const result = staff.page.locator('[data-test="checkin-result"]')
    await result.waitFor()
    assert.ok(['present', 'late'].includes(await result.getAttribute('data-status')), 'checked in as present or late')
    assert.match(await staff.page.locator('[data-test="checkin-hours"]').innerText(), /1\.5/)
    await shot(staff.page, '02-checkin-phone')

    // Scanning again keeps the first record.
    await staff.page.reload()
    await result.waitFor()
    assert.match(await result.innerText(), /已签到过/)

    // The hours show on the record page.
    await staff.page.goto(BASE + '/training/record')
    const total = staff.page.locator('[data-test="record-total"]')
    await total.waitFor()
    const shown = parseFloat(await total.locator('.num').innerText())
    assert.equal(Math.round(shown * 10), Math.round((before.total + 1.5) * 10), 'the record shows 1.5 more hours')
    await shot(staff.page, '03-record-phone')

    // A forged code gets a clear answer, not a dead end.
    await staff.page.goto(BASE + '/checkin?t=bogus.token.x')
    await staff.page.locator('[data-test="checkin-error"]').waitFor()
    await shot(staff.page, '04-checkin-forged-phone')

    // My schedule on the phone lists the session.
    await staff.page.goto(BASE + '/training/schedule')
    await staff.page.locator('[data-test="schedule-item"]', { hasText: '扫码签到' }).first().waitFor()
    await shot(staff.page, '05-schedule-phone')

    // The display counts the check-in (it polls every 2 s).
    await org.page.locator('[data-test="display-count"]', { hasText: '1' }).waitFor()
    await shot(org.page, '06-display-after')
    assert.deepEqual(org.errors, [])
    assert.deepEqual(staff.errors, [])
  } finally {
    await browser.close()
  }
})

test('organizer builds a class, a batch and sessions, and sees a clash before saving', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  const stamp = Date.now()
  const title = `E2E版权专题班-${stamp}`
  const venue = `E2E会议室-${stamp}`
  try {
    const { page, errors } = await loginAs(browser, 'organizer', DESKTOP)
    await page.goto(BASE + '/training/classes')
    await page.locator('[data-test="class-create"]').click()
    await input(page, 'class-title').fill(title)
    await page.locator('[data-test="domain-copyright"]').click()
    await shot(page, '11-class-dialog')
    await page.locator('[data-test="class-save"]').click()
    await page.locator('[data-test="class-heading"]', { hasText: title }).waitFor()

    await page.locator('[data-test="batch-create"]').click()
    await input(page, 'batch-name').fill('第一期')
    const dates = page.locator('.el-dialog:visible .el-date-editor input')
    await dates.nth(0).fill('2026-12-14')
    await dates.nth(0).press('Enter')
    await dates.nth(1).fill('2026-12-15')
    await dates.nth(1).press('Enter')
    await input(page, 'batch-venue').fill(venue)
    await page.locator('[data-test="batch-save"]').click()
    await page.locator('[data-test="batch-card"]', { hasText: '第一期' }).waitFor()

    // First session: defaults 09:00–11:00 on the batch's first day.
    await page.locator('[data-test="session-create"]').click()
    await input(page, 'session-topic').fill('著作权法要点')
    await input(page, 'session-lecturer').fill(`讲师${stamp}`)
    await page.locator('[data-test="session-save"]').click()
    await page.locator('[data-test="sessions-table"] .el-table__row', { hasText: '著作权法要点' }).waitFor()

    // Second session at the same time, same lecturer and venue: warned before saving.
    await page.locator('[data-test="session-create"]').click()
    await input(page, 'session-topic').fill('案例研讨')
    await input(page, 'session-lecturer').fill(`讲师${stamp}`)
    const clashes = page.locator('.el-dialog [data-test="clash-list"]')
    await clashes.waitFor()
    // The check runs again as each field is typed: wait for the lecturer's clash too.
    await clashes.locator('[data-kind="lecturer"]').first().waitFor()
    assert.ok(await clashes.locator('[data-kind="venue"]').count() >= 1, 'venue clash shown')
    assert.ok(await clashes.locator('[data-kind="lecturer"]').count() >= 1, 'lecturer clash shown')
    await shot(page, '12-session-clash')
    await input(page, 'session-reason').fill('同一讲师连续授课，经领导同意')
    await page.locator('[data-test="session-save"]').click()
    await page.locator('[data-test="sessions-table"] .el-table__row', { hasText: '案例研讨' }).waitFor()
    await shot(page, '13-class-detail')
    assert.deepEqual(errors, [])
  } finally {
    await browser.close()
  }
})
