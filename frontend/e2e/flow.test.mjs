// Browser end-to-end test against a running server, with Debian's Chromium
// driven by playwright-core (no browser download).
//
//   WEISHI_URL=http://127.0.0.1:18080 WEISHI_ADMIN_PASSWORD=Admin12345 npm run e2e
//
// The server must have been started with that WEISHI_ADMIN_PASSWORD (the
// bootstrap admin is not forced to change it). Names carry a timestamp, so
// the test can run again against the same server. Screenshots of each step
// go to e2e/artifacts/.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADMIN_PASSWORD, BASE, PHONE, input, launch, shooter, skip } from './helpers.mjs'

const ADMIN_ACCOUNT = process.env.WEISHI_ADMIN_ACCOUNT || 'admin'
const DESKTOP = { width: 1366, height: 800 }
const STEP_TIMEOUT = 15_000

const shot = shooter('', { wait: 350, fullPage: true })

/** Fills and submits the login form of the page already open (no wait). */
async function login(page, account, password) {
  await input(page, 'login-account').fill(account)
  await input(page, 'login-password').fill(password)
  await page.locator('[data-test="login-submit"]').click()
}

test('admin creates a unit and a staff user; the user changes the password on a phone', { skip, timeout: 180_000 }, async () => {
  const browser = await launch()
  const stamp = Date.now()
  const unitName = `E2E测试队-${stamp}`
  const account = `e2e${stamp}`
  const userName = `测试${String(stamp).slice(-4)}`
  const tempPassword = `Temp${String(stamp).slice(-6)}a`
  const newPassword = `Xin${String(stamp).slice(-6)}b`

  try {
    // ---- Admin on a desktop -------------------------------------------------
    const admin = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
    admin.setDefaultTimeout(STEP_TIMEOUT)
    const page = await admin.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e))

    await page.goto(BASE + '/')
    await page.waitForURL(/\/login/)
    await input(page, 'login-account').waitFor()
    assert.match(await page.title(), /文化卫士/)
    await shot(page, '01-login-desktop')

    // A wrong password shows an error and keeps us on the login page.
    await login(page, ADMIN_ACCOUNT, ADMIN_PASSWORD + 'x')
    await page.locator('[data-test="login-error"]').waitFor()
    await shot(page, '02-login-wrong-password')

    await login(page, ADMIN_ACCOUNT, ADMIN_PASSWORD)
    await page.locator('[data-test="home-greeting"]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/')
    assert.ok(await page.locator('[data-test="menu-units"]').isVisible(), 'admin sees the units menu')
    await shot(page, '03-admin-home')

    // Create a top-level unit.
    await page.locator('[data-test="menu-units"]').click()
    await page.waitForURL(/\/admin\/units/)
    await page.locator('[data-test="unit-create-root"]').click()
    await input(page, 'unit-name').fill(unitName)
    await page.locator('[data-test="unit-save"]').click()
    await page.locator(`[data-unit="${unitName}"]`).waitFor()
    await shot(page, '04-units')

    // Create a staff user in it.
    await page.locator('[data-test="menu-users"]').click()
    await page.waitForURL(/\/admin\/users/)
    await page.locator('[data-test="user-create"]').click()
    await input(page, 'user-account').fill(account)
    await input(page, 'user-name').fill(userName)
    await input(page, 'user-employee-no').fill(`E${stamp}`)
    const unitSelect = page.locator('.el-dialog [data-test="user-unit"]').first()
    // pick the unit; a click that lands while the dropdown still opens
    // (a loaded machine) selects nothing, so check it shows and try again
    const chosen = unitSelect.locator('.el-select__selected-item', { hasText: unitName })
    for (let tries = 0; ; tries++) {
      if (!(await page.locator('.el-select-dropdown .el-tree-node__content:visible').first().isVisible())) await unitSelect.click()
      await page.locator('.el-select-dropdown .el-tree-node__content:visible', { hasText: unitName }).first().click()
      try {
        await chosen.waitFor({ timeout: 3000 })
        break
      } catch (err) {
        if (tries === 2) throw err
      }
    }
    const staffBox = page.locator('.el-dialog [data-role="staff"]')
    assert.ok(await staffBox.locator('input').isChecked(), 'staff role is preselected')
    await input(page, 'user-password').fill(tempPassword)
    await shot(page, '05-user-dialog')
    await page.locator('[data-test="user-save"]').click()
    // The dialog closes once the server has created the user (an earlier
    // success message may still be on screen, so do not wait for that).
    await page.locator('.el-dialog [data-test="user-save"]').waitFor({ state: 'hidden' })

    await input(page, 'users-q').fill(account)
    await page.locator('[data-test="users-table"] .el-table__row', { hasText: account }).waitFor()
    await shot(page, '06-users')

    // Log out.
    await page.locator('[data-test="user-menu"]').click()
    await page.locator('[data-test="logout"]').click()
    await page.waitForURL(/\/login/)
    assert.deepEqual(errors, [], 'no uncaught errors in the admin session')
    await admin.close()

    // ---- The new user on a phone ---------------------------------------------
    const phone = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    })
    phone.setDefaultTimeout(STEP_TIMEOUT)
    const p = await phone.newPage()
    p.on('pageerror', (e) => errors.push(e))

    await p.goto(BASE + '/login')
    await input(p, 'login-account').waitFor()
    await shot(p, '07-login-phone')
    const loginWidth = await p.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(loginWidth <= PHONE.width, `login page fits the phone (scrollWidth ${loginWidth})`)

    await login(p, account, tempPassword)
    await p.waitForURL(/\/password/)
    await p.locator('[data-test="password-title"]').waitFor()
    await shot(p, '08-forced-password-phone')

    // Every other page sends the user back here until the password is changed.
    await p.goto(BASE + '/')
    await p.waitForURL(/\/password/)

    await input(p, 'password-current').fill(tempPassword)
    await input(p, 'password-new').fill(newPassword)
    await input(p, 'password-confirm').fill(newPassword)
    await shot(p, '09-password-filled-phone')
    await p.locator('[data-test="password-submit"]').click()
    await p.locator('[data-test="home-greeting"]').waitFor()
    assert.equal(new URL(p.url()).pathname, '/')
    assert.match(await p.locator('[data-test="home-greeting"]').innerText(), new RegExp(userName))
    assert.ok(await p.locator('[data-test="home-roles"] [data-role="staff"]').isVisible(), 'staff role shown')
    await shot(p, '10-staff-home-phone')

    // The menu (a drawer on phones) has home but no admin items.
    await p.locator('[data-test="open-menu"]').click()
    await p.locator('[data-test="menu-home"]').waitFor()
    assert.equal(await p.locator('[data-test="menu-units"]').count(), 0, 'no units menu for staff')
    assert.equal(await p.locator('[data-test="menu-users"]').count(), 0, 'no users menu for staff')
    assert.equal(await p.locator('[data-test="menu-admin"]').count(), 0, 'no admin group for staff')
    await shot(p, '11-staff-menu-phone')

    // Admin pages are closed to staff even by address.
    await p.goto(BASE + '/admin/users')
    await p.locator('.el-result').waitFor()
    assert.equal(await p.locator('[data-test="users-table"]').count(), 0)
    await shot(p, '12-staff-admin-denied-phone')

    assert.deepEqual(errors, [], 'no uncaught errors in the pages')
    await phone.close()
  } finally {
    await browser.close()
  }
})
