// The auditor's view: the logins this test makes show up in the audit log,
// filters work, and the hash chain verifies.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, login, logout, openPage } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

describe('audit log', () => {
  it('an auditor sees the logins made by the test and verifies the chain', async () => {
    // Make a failed login, a login and a logout as the analyst first.
    const analyst = await openPage(browser)
    try {
      await analyst.page.goto('/login')
      await analyst.page.locator(byTestId('login-username')).fill('analyst')
      await analyst.page.locator(byTestId('login-password')).fill('wrong-password')
      await analyst.page.locator(byTestId('login-submit')).click()
      await analyst.page.locator(byTestId('login-error')).waitFor()
      await login(analyst.page, 'analyst')
      await logout(analyst.page)
      analyst.assertClean()
    } finally {
      await analyst.context.close()
    }

    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'auditor')
      await page.locator(byTestId('nav-audit')).click()
      await page.waitForURL((url) => url.pathname === '/audit')
      const table = page.locator(byTestId('audit-table'))
      await table.locator('.el-table__row').first().waitFor()

      // The auditor's own login is among the newest events.
      const rows = async () =>
        table.locator('.el-table__body .el-table__row').evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
        )
      const all = await rows()
      assert.ok(
        all.some((cells) => cells[2] === 'auditor' && /login/i.test(cells[3])),
        'the auditor login is in the audit log: ' + JSON.stringify(all.slice(0, 5)),
      )

      // "Load more" pages back with before_id: older events, no repeats.
      const loadMore = page.locator(byTestId('audit-load-more'))
      if (await loadMore.isVisible()) {
        const idsBefore = all.map((cells) => Number(cells[0]))
        await loadMore.click()
        await page.waitForFunction(
          ([sel, n]) => document.querySelectorAll(`${sel} .el-table__body .el-table__row`).length > n,
          [byTestId('audit-table'), idsBefore.length],
        )
        const ids = (await rows()).map((cells) => Number(cells[0]))
        assert.equal(new Set(ids).size, ids.length, 'no event twice')
        assert.deepEqual(ids.slice(0, idsBefore.length), idsBefore)
        assert.ok(ids[idsBefore.length] < idsBefore[idsBefore.length - 1], 'the next page is older')
      }

      // Filter by username: only the analyst's events, including the login.
      await page.locator(byTestId('audit-filter-username')).fill('analyst')
      await page.locator(byTestId('audit-search')).click()
      await page.waitForFunction(
        (sel) => {
          const trs = [...document.querySelectorAll(`${sel} .el-table__body .el-table__row`)]
          return trs.length > 0 && trs.every((tr) => tr.querySelectorAll('td')[2]?.innerText.trim() === 'analyst')
        },
        byTestId('audit-table'),
      )
      const analystRows = await rows()
      assert.ok(
        analystRows.some((cells) => /login/i.test(cells[3])),
        'the analyst login is in the audit log: ' + JSON.stringify(analystRows),
      )

      // Filter by result as well: the failed login, and nothing that succeeded.
      await page.locator(byTestId('audit-filter-result')).click()
      await page.locator(byTestId('audit-result-failed')).click()
      await page.locator(byTestId('audit-search')).click()
      await page.waitForFunction(
        (sel) => {
          const trs = [...document.querySelectorAll(`${sel} .el-table__body .el-table__row`)]
          return trs.length > 0 && trs.every((tr) => tr.querySelectorAll('td')[8]?.innerText.trim() === '失败')
        },
        byTestId('audit-table'),
      )
      const failedRows = await rows()
      assert.ok(
        failedRows.every((cells) => cells[2] === 'analyst') && failedRows.some((cells) => /login/i.test(cells[3])),
        'the failed analyst login: ' + JSON.stringify(failedRows),
      )

      await page.locator(byTestId('audit-verify')).click()
      const result = page.locator(byTestId('audit-verify-result'))
      await result.waitFor()
      assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText())
      assert.match(await result.innerText(), /哈希链校验通过/)
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('the audit log API answers 403 to a non-auditor', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'officer')
      const res = await page.request.get('/api/v1/audit/events')
      assert.equal(res.status(), 403)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
