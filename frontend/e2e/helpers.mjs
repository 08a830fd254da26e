// What the browser tests (e2e/*.test.mjs) share: the settings from the
// environment, the viewports, the skip reason, the browser, logging in and
// calling the API with the session's CSRF token, and the screenshots.
//
//   WEISHI_URL            the running server (with the demo data); unset, the tests skip
//   WEISHI_ADMIN_PASSWORD the admin's password; unset, the tests skip
//   WEISHI_DEMO_PASSWORD  the demo accounts' password (Demo2026)
//   CHROMIUM              the browser (/usr/bin/chromium); missing, the tests skip

import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BASE = (process.env.WEISHI_URL ?? '').replace(/\/+$/, '')
export const ADMIN_PASSWORD = process.env.WEISHI_ADMIN_PASSWORD ?? ''
export const DEMO_PASSWORD = process.env.WEISHI_DEMO_PASSWORD || 'Demo2026'
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts')

// The desktop most files use; a file that wants another size keeps its own.
export const DESKTOP = { width: 1366, height: 900 }
// loggedIn() gives this very object a device scale factor of 2.
export const PHONE = { width: 390, height: 844 }
export const SCREEN = { width: 1920, height: 1080 }

/** Why the browser tests cannot run here, or false. */
export function skipReason() {
  if (!BASE) return 'WEISHI_URL is not set: browser tests skipped (set it to a running server with demo data, e.g. http://127.0.0.1:18080)'
  if (!ADMIN_PASSWORD) return 'WEISHI_ADMIN_PASSWORD is not set: browser tests skipped'
  if (!existsSync(CHROMIUM)) return 'chromium not installed: browser tests skipped'
  return false
}
export const skip = skipReason()
if (skip) console.log(skip)

export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** Starts the browser (playwright-core driving CHROMIUM). */
export async function launch(args = ARGS) {
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM, args })
}

/** The native <input> of an Element Plus input carrying data-test=name. */
export function input(page, name) {
  return page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
}

/** Like input(), a <textarea> too. */
export function field(page, name) {
  return page.locator(`input[data-test="${name}"], [data-test="${name}"] input, textarea[data-test="${name}"], [data-test="${name}"] textarea`).first()
}

/**
 * A shot(page, name, fullPage) that waits `wait` ms for the page to settle
 * and writes e2e/artifacts/<prefix><name>.png. animations: 'allow' leaves
 * them running (Playwright's default).
 */
export function shooter(prefix, { wait = 400, fullPage = false, animations = 'disabled' } = {}) {
  return async function shot(page, name, full = fullPage) {
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.waitForTimeout(wait)
    await page.screenshot({ path: join(ARTIFACTS, `${prefix}${name}.png`), animations, fullPage: full })
  }
}

/** Logs the page in through the login page and waits for the home page. */
export async function login(page, account, password = DEMO_PASSWORD) {
  await page.goto(BASE + '/login')
  await input(page, 'login-account').fill(account)
  await input(page, 'login-password').fill(password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="home-greeting"]').waitFor()
}

/** Collects vue-i18n's missing-key warnings of the page into errors, like page errors. */
export function missingKeys(page, errors) {
  page.on('console', (m) => {
    if (/\[i18n\] missing key|\[intlify\] Not found/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`)
  })
}

/**
 * A new context of the browser logged in as account: { ctx, page, errors },
 * errors collecting the page's uncaught errors.
 *   password    DEMO_PASSWORD unless given
 *   locale      the context's locale (zh-CN)
 *   timeout     every step's default timeout (15 s)
 *   hidpi       the PHONE viewport at a device scale factor of 2 (true)
 *   storeLocale sets weishi.locale to the locale before any page loads (false)
 *   localeAtLogin sets weishi.locale to the locale on the login page (false)
 *   text        errors as strings (false: the Error objects)
 *   i18n        missing i18n keys count as errors (false)
 *   context     more options of the context (isMobile, acceptDownloads …)
 */
export async function loggedIn(browser, viewport, account, opts = {}) {
  const { password = DEMO_PASSWORD, locale = 'zh-CN', timeout = 15_000, hidpi = true, storeLocale = false, localeAtLogin = false, text = false, i18n = false, context = {} } = opts
  const ctx = await browser.newContext({ viewport, locale, ...(hidpi ? { deviceScaleFactor: viewport === PHONE ? 2 : 1 } : {}), ...context })
  if (storeLocale) await ctx.addInitScript((l) => localStorage.setItem('weishi.locale', l), locale)
  ctx.setDefaultTimeout(timeout)
  const page = await ctx.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(text ? String(e) : e))
  if (i18n) missingKeys(page, errors)
  await page.goto(BASE + '/login')
  if (localeAtLogin) await page.evaluate((l) => localStorage.setItem('weishi.locale', l), locale)
  await input(page, 'login-account').fill(account)
  await input(page, 'login-password').fill(password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="home-greeting"]').waitFor()
  return { ctx, page, errors }
}

/**
 * Calls the API from inside the page, with its session cookie and CSRF
 * token: { status, body, text }, body the parsed JSON (the text where it is
 * not JSON, null where it is empty).
 */
export async function pageApi(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = (document.cookie.match(/(?:^|; )weishi_csrf=([^;]*)/) || [])[1] || ''
      const r = await fetch('/api/v1' + path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await r.text()
      let json = null
      if (text) {
        try {
          json = JSON.parse(text)
        } catch {
          json = text
        }
      }
      return { status: r.status, body: json, text }
    },
    { method, path, body },
  )
}

/** Calls the API with the context's session cookie and CSRF token: { status, body }. */
export async function call(ctx, method, path, data, lang = 'en') {
  const cookies = await ctx.cookies(BASE)
  const csrf = cookies.find((c) => c.name === 'weishi_csrf')?.value ?? ''
  const res = await ctx.request.fetch(BASE + '/api/v1' + path, { method, data, headers: { 'X-CSRF-Token': csrf, 'Accept-Language': lang } })
  const body = res.headers()['content-type']?.includes('json') ? await res.json() : await res.body()
  return { status: res.status(), body }
}

/** Like call(), the body alone; a status of 300 or more throws. */
export async function api(ctx, method, path, data, lang = 'en') {
  const r = await call(ctx, method, path, data, lang)
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** Clicks the host console's command button once it is enabled. */
export async function hostCmd(host, cmd) {
  await host.locator(`[data-test="cmd-${cmd}"]:not(.is-disabled)`).click()
}

/** Waits for the host console to show the phase. */
export async function phase(host, text) {
  await host.locator('[data-test="host-phase"]', { hasText: text }).waitFor()
}
