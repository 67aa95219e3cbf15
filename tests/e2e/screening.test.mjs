// Name screening and watchlists in the browser: the ICAO specimen person is
// a red (arrest) hit on the demo wanted list with a plain-language
// explanation; an analyst creates a list, imports a file, sees the version
// with its diff, re-imports it unchanged, and searches the entries.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, login, openPage } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

describe('ad-hoc screening', () => {
  it('shows the specimen person as an arrest hit with the reasons in plain language', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'officer')
      await page.locator(byTestId('nav-screening')).click()
      await page.locator(byTestId('screen-form')).waitFor()
      await page.locator(byTestId('screen-name')).fill('ERIKSSON ANNA MARIA')
      await page.locator(byTestId('screen-birth-date')).fill('1974-08-12')
      await page.locator(byTestId('screen-nationality')).fill('UTO')
      await page.locator(byTestId('screen-document')).fill('L898902C3')
      await page.locator(byTestId('screen-purpose')).fill('端到端测试：临时核查')
      await page.locator(byTestId('screen-submit')).click()
      const hit = page.locator(byTestId('screen-hit')).first()
      await hit.waitFor()
      assert.equal((await hit.locator(byTestId('screen-hit-action')).innerText()).trim(), '抓捕')
      assert.match(await hit.locator(byTestId('screen-hit-name')).innerText(), /ERIKSSON/)
      const why = await hit.locator(byTestId('screen-hit-explanation')).innerText()
      assert.match(why, /W-0001/)
      assert.match(why, /出生日期/)
      assert.match(why, /证件号码/)

      // A person on no list: a clear "no hit".
      await page.locator(byTestId('screen-name')).fill('QUENTIN ZYXWVUT')
      await page.locator(byTestId('screen-birth-date')).fill('')
      await page.locator(byTestId('screen-nationality')).fill('')
      await page.locator(byTestId('screen-document')).fill('')
      await page.locator(byTestId('screen-submit')).click()
      await page.locator(byTestId('screen-no-hits')).waitFor()
      assertClean()
    } finally {
      await context.close()
    }
  })
})

describe('watchlists', () => {
  it('creates a list, imports a file, shows the version and its diff, and finds entries', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'analyst')
      await page.locator(byTestId('nav-watchlists')).click()
      const table = page.locator(byTestId('watchlist-table'))
      await table.locator('.el-table__row', { hasText: 'cn-wanted-demo' }).waitFor()

      const code = 'e2e-' + Date.now()
      await page.locator(byTestId('watchlist-create')).click()
      await page.locator(byTestId('watchlist-new-code')).fill(code)
      await page.locator(byTestId('watchlist-new-name')).fill('端到端测试名单')
      await page.locator(byTestId('watchlist-new-authority')).fill('测试')
      await page.locator(byTestId('watchlist-new-submit')).click()
      await page.locator(byTestId('watchlist-detail')).waitFor()
      await table.locator('.el-table__row', { hasText: code }).waitFor()

      const csv =
        'id,name,given,family,birth_dates,nationalities,gender,documents\n' +
        'E-1,KARLSSON Britt,Britt,KARLSSON,1969-02-03,SWE,F,passport:S1234567:SWE\n' +
        'E-2,NOVAK Petr,Petr,NOVAK,1960,CZE,M,\n'
      await page.getByRole('tab', { name: '导入' }).click()
      await page.locator(byTestId('watchlist-file')).setInputFiles({
        name: 'list.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      })
      await page.locator(byTestId('watchlist-import')).click()
      const result = page.locator(byTestId('watchlist-import-result'))
      await result.waitFor()
      assert.match(await result.innerText(), /第 1 版：新增 2，变更 0，删除 0/)

      // The same file again: no new version.
      await page.locator(byTestId('watchlist-import')).click()
      await result.filter({ hasText: '未生成新版本' }).waitFor()

      await page.getByRole('tab', { name: '版本' }).click()
      const versions = page.locator(`${byTestId('watchlist-versions')} .el-table__body .el-table__row`)
      await versions.first().waitFor()
      assert.equal(await versions.count(), 1)
      await page.locator(byTestId('watchlist-diff')).first().click()
      const diffRows = page.locator(`${byTestId('watchlist-diff-table')} .el-table__body .el-table__row`)
      await diffRows.nth(1).waitFor()
      assert.equal(await diffRows.count(), 2)
      assert.match(await diffRows.first().innerText(), /新增/)
      await page.keyboard.press('Escape')

      await page.getByRole('tab', { name: '条目' }).click()
      await page.locator(byTestId('watchlist-entry-query')).fill('S1234567')
      await page.locator(byTestId('watchlist-entry-search')).click()
      const entries = page.locator(`${byTestId('watchlist-entries')} .el-table__body .el-table__row`)
      await entries.filter({ hasText: 'KARLSSON' }).waitFor()
      // The table showed every entry before the search: wait for the search's rows.
      await entries.filter({ hasText: 'NOVAK' }).waitFor({ state: 'detached' })
      assert.equal(await entries.count(), 1)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
