import { describe, expect, it } from 'vitest'

import { buildUrl, toApiError } from '../src/api/client'
import type { Unit } from '../src/api/types'
import { buildUnitTree, flattenUnitTree, unitName } from '../src/util/units'

const unit = (id: number, parent_id: number | null, code: string): Unit => ({
  id,
  parent_id,
  code,
  name: '单位' + code,
  name_en: 'Unit ' + code,
  kind: 'port',
})

describe('unit tree', () => {
  it('nests children under parents in code order', () => {
    const units = [unit(3, 1, 'B'), unit(1, null, 'ROOT'), unit(2, 1, 'A'), unit(4, 2, 'A1')]
    const flat = flattenUnitTree(buildUnitTree(units)).map((o) => [o.unit.code, o.depth])
    expect(flat).toEqual([
      ['ROOT', 0],
      ['A', 1],
      ['A1', 2],
      ['B', 1],
    ])
  })

  it('treats units with a missing parent as roots', () => {
    const flat = flattenUnitTree(buildUnitTree([unit(5, 99, 'X')]))
    expect(flat.map((o) => o.depth)).toEqual([0])
  })

  it('names a unit in the UI language, falling back to the other', () => {
    expect(unitName(unit(1, null, 'A'), 'en')).toBe('Unit A')
    expect(unitName(unit(1, null, 'A'), 'zh-CN')).toBe('单位A')
    expect(unitName({ unit_name: '口岸', unit_name_en: '' }, 'en')).toBe('口岸')
  })
})

describe('buildUrl', () => {
  it('leaves out empty query values and encodes the rest', () => {
    expect(buildUrl('/travellers', { q: '张 三', purpose: '', x: undefined, limit: 50 })).toBe(
      '/api/v1/travellers?q=%E5%BC%A0+%E4%B8%89&limit=50',
    )
    expect(buildUrl('/units')).toBe('/api/v1/units')
  })
})

describe('toApiError', () => {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

  it('reads code, message and field from the error body', async () => {
    const e = await toApiError(
      json(422, { error: { code: 'invalid', message: 'Password too short', field: 'password' } }),
    )
    expect([e.status, e.code, e.message, e.field]).toEqual([422, 'invalid', 'Password too short', 'password'])
  })

  it('takes the throttle wait from error.retry_after, else from Retry-After', async () => {
    const fromBody = await toApiError(
      json(429, { error: { code: 'throttled', message: 'Slow down', retry_after: 17 } }, { 'Retry-After': '99' }),
    )
    expect(fromBody.retryAfter).toBe(17)
    const fromHeader = await toApiError(json(429, { error: { code: 'throttled', message: 'Slow down' } }, { 'Retry-After': '42' }))
    expect(fromHeader.retryAfter).toBe(42)
  })

  it('survives a body that is not JSON', async () => {
    const e = await toApiError(new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' }))
    expect([e.status, e.code, e.message]).toEqual([502, 'http_502', 'Bad Gateway'])
  })
})
