// Shared helpers for the browser tests: the browser, pages that record
// console errors, and signing in as a demo user.
//
// playwright-core is a devDependency of web/ (no browser download: it drives
// Debian's chromium), so it is loaded from web/node_modules.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(new URL('../../web/package.json', import.meta.url))
const { chromium } = require('playwright-core')

export const BASE_URL = (process.env.GUOMEN_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '')
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
export const DEMO_PASSWORD = 'guomen-demo-2026'

/** Demo users created by `guomen init --demo`, and the menu each must see. */
export const DEMO_USERS = [
  { username: 'officer', role: 'officer', nav: ['home', 'desk', 'documents', 'travellers', 'screening', 'overstays', 'arrivals'] },
  { username: 'secondary', role: 'secondary_officer', nav: ['home', 'secondary', 'documents', 'travellers', 'screening', 'arrivals'] },
  {
    username: 'analyst',
    role: 'analyst',
    nav: ['home', 'documents', 'travellers', 'screening', 'watchlists', 'overstays', 'rules', 'arrivals', 'partners'],
  },
  { username: 'investigator', role: 'investigator', nav: ['home', 'documents', 'travellers', 'screening'] },
  { username: 'command', role: 'command', nav: ['home', 'portOverview', 'arrivals'] },
  {
    username: 'supervisor',
    role: 'supervisor',
    nav: ['home', 'secondary', 'documents', 'travellers', 'screening', 'overstays', 'portOverview', 'rules', 'arrivals'],
  },
  { username: 'auditor', role: 'auditor', nav: ['home', 'audit'] },
  { username: 'admin', role: 'admin', nav: ['home', 'watchlists', 'partners', 'admin'] },
]

// Chromium logs every 4xx answer to fetch as a console error. These are the
// answers the UI expects and handles (session probe before login, a wrong
// password, a refused lookup); anything else (CSP violations, exceptions,
// 5xx) fails the test.
const EXPECTED_CONSOLE = [/^Failed to load resource: the server responded with a status of (401|409|422|429) /]
const failedLoad = (status) => new RegExp(`^Failed to load resource: the server responded with a status of ${status} `)

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A fresh context (own cookies and localStorage) and page. `errors` collects
 * unexpected console errors and uncaught exceptions; call `assertClean()`
 * at the end of the test. `expectStatuses` lists further HTTP statuses the
 * test provokes on purpose (e.g. [400] for input the server refuses), whose
 * "Failed to load resource" lines are then not errors.
 */
export async function openPage(browser, { expectStatuses = [] } = {}) {
  const expected = [...EXPECTED_CONSOLE, ...expectStatuses.map(failedLoad)]
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN' })
  // Generous: CI shares 2 cores between Chromium and a sanitizer build of the server.
  context.setDefaultTimeout(30_000)
  const page = await context.newPage()
  const errors = []
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const text = msg.text()
    if (expected.some((re) => re.test(text))) return
    errors.push(`console: ${text}`)
  })
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  return {
    context,
    page,
    errors,
    assertClean() {
      assert.deepEqual(errors, [], 'no console errors or uncaught exceptions on the page')
    },
  }
}

export const byTestId = (id) => `[data-testid="${id}"]`

/** Signs in through the login page and waits for the signed-in layout. */
export async function login(page, username, password = DEMO_PASSWORD) {
  if (!page.url().includes('/login')) await page.goto('/login')
  await page.locator(byTestId('login-username')).fill(username)
  await page.locator(byTestId('login-password')).fill(password)
  await page.locator(byTestId('login-submit')).click()
  await page.locator(byTestId('user-menu')).waitFor()
}

export async function logout(page) {
  await page.locator(byTestId('user-menu')).click()
  await page.locator(byTestId('logout')).click()
  await page.waitForURL(/\/login/)
}

/** The keys of the navigation items shown, in menu order. */
export async function navKeys(page) {
  const ids = await page
    .locator(`${byTestId('nav')} [data-testid^="nav-"]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
  return ids.map((id) => id.replace(/^nav-/, ''))
}
