import { describe, expect, it } from 'vitest'

import screeningEn from '../src/i18n/screening.en'
import screeningZhCN from '../src/i18n/screening.zh-CN'
import en from '../src/i18n/en'
import zhCN from '../src/i18n/zh-CN'

function leafKeys(messages: object, prefix = ''): string[] {
  const keys: string[] = []
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object') keys.push(...leafKeys(value, path))
    else keys.push(path)
  }
  return keys.sort()
}

function lookup(messages: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], messages)
}

const placeholders = (m: string) => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!).sort()

describe('screening message catalogues', () => {
  it('have the same keys, every message non-empty, the same placeholders', () => {
    expect(leafKeys(screeningEn)).toEqual(leafKeys(screeningZhCN))
    for (const key of leafKeys(screeningZhCN)) {
      const zh = lookup(screeningZhCN, key) as string
      const e = lookup(screeningEn, key) as string
      expect(zh.trim(), key).not.toBe('')
      expect(e.trim(), key).not.toBe('')
      expect(placeholders(e), key).toEqual(placeholders(zh))
    }
  })

  it('do not redefine a top-level group of the base catalogues (the merge would drop it)', () => {
    for (const group of Object.keys(screeningZhCN)) {
      expect(Object.keys(zhCN)).not.toContain(group)
      expect(Object.keys(en)).not.toContain(group)
    }
  })
})
