// Document check (/documents): the officer reads an MRZ by pasting it, by
// typing it like a document reader (a fast burst with Enter keystrokes), sees
// the fields, the checks and the marked bad character; unusable text shows
// the server's refusal; the page is not for auditors.
//
// One signed-in page runs the officer's steps in order (signing in is the
// slow part on a sanitizer build).

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, login, navKeys, openPage } from './helpers.mjs'

// ICAO 9303-4 TD3 specimen, and 9303-5 TD1 specimen.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']
// Document number check digit (line 2, column 10) altered from 6 to 7.
const TD3_BAD = [TD3[0], 'L898902C37UTO7408122F1204159ZE184226B<<<<<10']
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<']

const isMrzCall = (req) => req.method() === 'POST' && new URL(req.url()).pathname === '/api/v1/documents/mrz'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

describe('document check (officer)', () => {
  let session
  let page
  const calls = []
  before(async () => {
    session = await openPage(browser, { expectStatuses: [400] })
    page = session.page
    page.on('request', (req) => {
      if (isMrzCall(req)) calls.push(req.postDataJSON())
    })
    await login(page, 'officer')
    assert.ok((await navKeys(page)).includes('documents'))
    await page.locator(byTestId('nav-documents')).click()
    await page.locator(byTestId('mrz-panel')).waitFor()
  })
  after(async () => {
    await session?.context.close()
  })

  const input = () => page.locator(byTestId('mrz-input'))
  const result = () => page.locator(byTestId('mrz-result'))
  const field = (key) => page.locator(byTestId(`mrz-field-${key}`))

  /** Waits for the document with `documentNumber` and validity `valid` to be shown. */
  async function waitForDocument(documentNumber, valid) {
    await page.locator(`${byTestId('mrz-result')}[data-valid="${valid}"]`).waitFor()
    await field('document_number').filter({ hasText: documentNumber }).waitFor()
  }

  it('pasting the TD3 specimen reads it: fields, check digits, expired', async () => {
    calls.length = 0
    await input().fill(TD3.join('\n'))
    await waitForDocument('L898902C3', true)
    assert.equal(await page.locator(byTestId('mrz-status')).innerText(), '校验通过')
    assert.match(await page.locator(byTestId('mrz-format')).innerText(), /TD3/)
    const expected = {
      document_code: 'P',
      issuing_state: 'UTO',
      surname: 'ERIKSSON',
      given_names: 'ANNA MARIA',
      document_number: 'L898902C3',
      nationality: 'UTO',
      birth_date: '1974-08-12 (740812)',
      expiry_date: '2012-04-15 (120415)',
      optional_data: 'ZE184226B',
    }
    for (const [key, value] of Object.entries(expected)) assert.equal((await field(key).innerText()).trim(), value, key)
    assert.match(await field('sex').innerText(), /^F · 女/)

    const expiry = page.locator(byTestId('mrz-check-expiry'))
    assert.equal(await expiry.getAttribute('data-state'), 'expired')
    assert.match(await expiry.innerText(), /已过期/)
    assert.equal(await page.locator(byTestId('mrz-check-minor')).getAttribute('data-state'), 'adult')

    const digits = page.locator(byTestId('mrz-check-digit'))
    assert.equal(await digits.count(), 5)
    assert.deepEqual(await digits.evaluateAll((rows) => rows.map((r) => r.dataset.ok)), Array(5).fill('true'))
    assert.equal(await page.locator(`${byTestId('mrz-mark')}[data-kind="error"]`).count(), 0)
    // The "expired" warning is listed with its position.
    await page.locator(`${byTestId('mrz-issue')}[data-code="expired"][data-severity="warning"]`).waitFor()

    // Read once, with the panel's expiry window.
    assert.deepEqual(calls, [{ mrz: TD3.join('\n'), expiring_within_days: 90 }])
    session.assertClean()
  })

  it('an altered check digit fails its check and is marked in the MRZ', async () => {
    await input().fill(TD3_BAD.join('\n'))
    await waitForDocument('L898902C3', false)
    assert.equal(await page.locator(byTestId('mrz-status')).innerText(), '校验未通过')

    const row = page.locator(`${byTestId('mrz-check-digit')}[data-field="document_number"]`)
    assert.equal(await row.getAttribute('data-ok'), 'false')
    const cells = await row.locator('td').allInnerTexts()
    assert.deepEqual(cells.slice(1, 4), ['2:10', '6', '7'])
    assert.equal(await page.locator(`${byTestId('mrz-check-digit')}[data-field="composite"]`).getAttribute('data-ok'), 'false')

    // The bad character: line 2, column 10, the printed "7".
    const mark = page.locator(`${byTestId('mrz-mark')}[data-line="2"][data-column="10"]`)
    assert.equal(await mark.getAttribute('data-kind'), 'error')
    assert.equal(await mark.innerText(), '7')
    assert.match(await mark.getAttribute('title'), /校验位错误/)
    // The line around it is rendered unchanged.
    assert.equal(await page.locator(`${byTestId('mrz-lines')} .mrz-line[data-line="2"]`).innerText(), TD3_BAD[1])

    const issue = page.locator(`${byTestId('mrz-issue')}[data-code="check_digit"][data-line="2"][data-column="10"]`)
    assert.equal(await issue.getAttribute('data-severity'), 'error')
    session.assertClean()
  })

  it('a document reader typing fast, Enter included, is read once when complete', async () => {
    await page.locator(byTestId('mrz-clear')).click()
    assert.equal(await result().count(), 0)
    calls.length = 0
    await input().focus()
    await page.keyboard.type(TD1.join('\n') + '\n', { delay: 5 })
    await waitForDocument('D23145890', true)
    assert.match(await page.locator(byTestId('mrz-format')).innerText(), /TD1/)
    assert.equal((await field('surname').innerText()).trim(), 'ERIKSSON')
    assert.equal(calls.length, 1, 'no read before the whole MRZ had arrived')
    assert.equal(calls[0].mrz.trim(), TD1.join('\n'))
    session.assertClean()
  })

  it('text that is no MRZ shows the server refusal', async () => {
    await input().fill('hello world')
    await page.locator(byTestId('mrz-read')).click()
    const error = page.locator(byTestId('mrz-error'))
    await error.waitFor()
    assert.match(await error.innerText(), /不是已知版式的机读区/)
    assert.equal(await result().count(), 0)
    session.assertClean()
  })
})

describe('document check (auditor)', () => {
  it('has no menu item and no access', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'auditor')
      assert.ok(!(await navKeys(page)).includes('documents'))
      await page.goto('/documents')
      await page.locator(byTestId('forbidden')).waitFor()
      assert.equal(await page.locator(byTestId('mrz-panel')).count(), 0)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
