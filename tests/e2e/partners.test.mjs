// Partner-agency push in the browser: an administrator creates a customs
// agency, gives it a webhook endpoint on a local receiver (the secret is
// shown once) and one on a closed port, subscribes it, and sends a test
// notification; the server's delivery worker POSTs it signed with the
// secret to the receiver, and the delivery log shows the delivered attempt
// and the failed one (no response). An analyst sees the log, not the
// configuration.

import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, login, openPage } from './helpers.mjs'

let browser
let receiver
const received = [] // { body, signature, key, attempt }

before(async () => {
  browser = await launch()
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({
        body,
        signature: req.headers['x-guomen-signature'],
        key: req.headers['idempotency-key'],
        attempt: req.headers['x-guomen-delivery-attempt'],
      })
      res.writeHead(204)
      res.end()
    })
  })
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
})
after(async () => {
  await browser?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

async function waitFor(check, what, ms = 30_000) {
  const deadline = Date.now() + ms
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what)
    await new Promise((r) => setTimeout(r, 500))
  }
}

describe('partner agencies', () => {
  it('configures an agency, delivers a signed test notification and shows the delivery log', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'admin')
      await page.locator(byTestId('nav-partners')).click()
      await page.locator(byTestId('partners-page')).waitFor()

      const code = 'e2e-customs-' + Date.now()
      await page.locator(byTestId('agency-create')).click()
      await page.locator(byTestId('agency-code')).fill(code)
      await page.locator(byTestId('agency-name')).fill('端到端海关')
      await page.locator(byTestId('agency-name-en')).fill('E2E customs')
      await page.locator(byTestId('agency-save')).click()
      await page.locator(byTestId('agency-table')).locator('.el-table__row', { hasText: code }).waitFor()
      await page.locator(byTestId('agency-detail')).waitFor()

      const url = `http://127.0.0.1:${receiver.address().port}/hook`
      await page.locator(byTestId('endpoint-url')).fill(url)
      await page.locator(byTestId('endpoint-add')).click()
      const secret = (await page.locator(byTestId('endpoint-secret-value')).innerText()).trim()
      assert.match(secret, /^[0-9a-f]{64}$/)
      const endpoints = page.locator(byTestId('endpoint-table'))
      await endpoints.locator('.el-table__row', { hasText: url }).waitFor()
      // The list shows only the secret's last four characters.
      assert.match(await endpoints.innerText(), new RegExp(secret.slice(-4)))
      assert.doesNotMatch(await endpoints.innerText(), new RegExp(secret))

      // An endpoint nobody listens on.
      await page.locator(byTestId('endpoint-url')).fill('http://127.0.0.1:1/hook')
      await page.locator(byTestId('endpoint-add')).click()
      await endpoints.locator('.el-table__row', { hasText: '127.0.0.1:1/' }).waitFor()

      await page.locator(byTestId('subscription-kind')).fill('customs')
      await page.locator(byTestId('subscription-add')).click()
      await page.locator(byTestId('subscription-table')).locator('.el-table__row', { hasText: 'customs' }).waitFor()

      await page.locator(byTestId('agency-ping')).click()
      await waitFor(() => received.length > 0, 'the receiver to get the test notification')
      const got = received[0]
      assert.equal(got.signature, 'sha256=' + createHmac('sha256', secret).update(got.body).digest('hex'))
      const body = JSON.parse(got.body)
      assert.equal(body.kind, 'ping')
      assert.equal(body.idempotency_key, got.key)
      assert.equal(got.attempt, '1')

      // The log: a delivered attempt, and a failed one without a response.
      await page.getByRole('tab', { name: '投递日志' }).click()
      const log = page.locator(byTestId('log-table'))
      await waitFor(async () => {
        await page.locator(byTestId('log-refresh')).click()
        const text = await log.innerText()
        return text.includes('已送达') && text.includes('无响应')
      }, 'the delivery log to show both attempts')
      assert.match(await log.innerText(), /端到端海关/)

      // Filtered to delivered attempts only.
      await page.locator(byTestId('log-outcome')).click()
      await page.locator('.el-select-dropdown__item', { hasText: '已送达' }).click()
      await page.locator(byTestId('log-refresh')).click()
      await waitFor(async () => {
        const tags = await log.locator(byTestId('log-outcome-tag')).allInnerTexts()
        return tags.length > 0 && tags.every((x) => x.trim() === '已送达')
      }, 'the filter to leave delivered attempts only')

      // Nothing is dead yet.
      await page.getByRole('tab', { name: '死信队列' }).click()
      await page.locator(byTestId('dead-table')).getByText('没有死信').waitFor()
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('shows an analyst the delivery log but not the configuration', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'analyst')
      await page.locator(byTestId('nav-partners')).click()
      await page.locator(byTestId('log-table')).waitFor()
      assert.equal(await page.locator(byTestId('agency-create')).count(), 0)
      assert.equal(await page.getByRole('tab', { name: '机构配置' }).count(), 0)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
