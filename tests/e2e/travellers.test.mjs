// Person lookup: refused without a purpose (in the UI and by the API),
// results and details with one.

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

const PURPOSE = '端到端测试：核查人员查询功能'

/** Some traveller in the demo data, found through the API. */
async function someTraveller(page) {
  for (const q of ['ZH', 'AN', 'WA', 'LI', 'MA', 'CH', 'NG']) {
    const res = await page.request.get('/api/v1/travellers', { params: { q, purpose: PURPOSE } })
    if (res.status() !== 200) continue
    const body = await res.json()
    if (body.travellers?.length) return body.travellers[0]
  }
  return null
}

describe('person lookup', () => {
  it('is refused without a purpose and shows results and details with one', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'officer')
      await page.locator(byTestId('nav-travellers')).click()
      await page.locator(byTestId('traveller-form')).waitFor()

      const traveller = await someTraveller(page)
      assert.ok(traveller, 'the demo data has at least one traveller')

      // Without a purpose: the UI refuses and sends nothing.
      const lookups = []
      page.on('request', (req) => {
        if (new URL(req.url()).pathname.startsWith('/api/v1/travellers')) lookups.push(req.url())
      })
      await page.locator(byTestId('traveller-query')).fill(traveller.document_number)
      await page.locator(byTestId('traveller-search')).click()
      const purposeItem = page.locator(byTestId('traveller-purpose-item'))
      await purposeItem.locator('.el-form-item__error').waitFor()
      assert.match(await purposeItem.innerText(), /查询事由不能为空/)
      // A purpose too short to say anything is refused too.
      await page.locator(byTestId('traveller-purpose')).fill('查')
      await page.locator(byTestId('traveller-search')).click()
      await purposeItem.locator('.el-form-item__error', { hasText: '查询事由至少 4 个字' }).waitFor()
      assert.deepEqual(lookups, [])
      assert.equal(await page.locator(byTestId('traveller-results')).count(), 0)

      // With a purpose: results, and a click opens the details.
      await page.locator(byTestId('traveller-purpose')).fill(PURPOSE)
      await page.locator(byTestId('traveller-search')).click()
      const rows = page.locator(`${byTestId('traveller-results')} .el-table__body .el-table__row`)
      await rows.first().waitFor()
      assert.ok((await rows.count()) >= 1)
      assert.match(await rows.first().innerText(), new RegExp(traveller.document_number))
      await rows.first().click()
      const details = page.locator(byTestId('traveller-detail-document'))
      await details.waitFor()
      assert.equal((await details.innerText()).trim(), traveller.document_number)
      assert.ok(lookups.some((u) => new URL(u).searchParams.get('purpose') === PURPOSE))
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('the API refuses a lookup without a purpose', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'officer')
      const res = await page.request.get('/api/v1/travellers', { params: { q: 'A' } })
      assert.equal(res.status(), 422)
      const body = await res.json()
      assert.equal(body.error?.code, 'purpose_required')
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('a role without person lookup is refused by the API', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'command')
      const res = await page.request.get('/api/v1/travellers', { params: { q: 'A', purpose: PURPOSE } })
      assert.equal(res.status(), 403)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
