import { describe, expect, it } from 'vitest'

import en from '../src/i18n/en'
import zhCN from '../src/i18n/zh-CN'

/** All leaf keys of a nested message object, as "a.b.c". */
function leafKeys(messages: object, prefix = ''): string[] {
  const keys: string[] = []
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object') keys.push(...leafKeys(value, path))
    else keys.push(path)
  }
  return keys.sort()
}

/** Named placeholders ({name}) used by a message. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
}

function lookup(messages: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], messages)
}

describe('message catalogues', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(leafKeys(en)).toEqual(leafKeys(zhCN))
  })

  it('every message is a non-empty string', () => {
    for (const catalogue of [zhCN, en]) {
      for (const key of leafKeys(catalogue)) {
        const value = lookup(catalogue, key)
        expect(typeof value, key).toBe('string')
        expect((value as string).trim(), key).not.toBe('')
      }
    }
  })

  it('translations use the same placeholders', () => {
    for (const key of leafKeys(zhCN)) {
      expect(placeholders(lookup(en, key) as string), key).toEqual(placeholders(lookup(zhCN, key) as string))
    }
  })

  it('names every role and unit kind in both languages', () => {
    const roles = ['officer', 'secondary_officer', 'analyst', 'investigator', 'command', 'supervisor', 'auditor', 'admin']
    for (const role of roles) {
      expect(leafKeys(zhCN)).toContain(`roles.${role}`)
    }
    for (const kind of ['ministry', 'province', 'prefecture', 'county', 'port', 'station']) {
      expect(leafKeys(zhCN)).toContain(`unitKinds.${kind}`)
    }
  })

  it('shows the login errors the server contract names', () => {
    expect(zhCN.login.invalidCredentials).toBe('用户名或密码错误')
    expect(en.login.invalidCredentials).toBe('Invalid username or password')
  })
})
