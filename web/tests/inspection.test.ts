import { describe, expect, it } from 'vitest'

import inspectionEn from '../src/i18n/inspection.en'
import inspectionZhCN from '../src/i18n/inspection.zh-CN'
import en from '../src/i18n/en'
import zhCN from '../src/i18n/zh-CN'
import {
  dayRange,
  decisionBlock,
  decisionShortcut,
  formatWait,
  mrzEnterAction,
  outcomeBlock,
  parseStoredDesk,
  readiness,
  shortcutLabel,
  storeDesk,
  type KeyLike,
} from '../src/inspection/desk'

const key = (k: Partial<KeyLike>): KeyLike => ({ key: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...k })
const questions = [{ key: 'face_matches_photo' }, { key: 'purpose_of_travel' }]

describe('decision readiness', () => {
  it('is ready with no hits and every question answered', () => {
    const r = readiness([], questions, { face_matches_photo: 'yes', purpose_of_travel: 'tourism' })
    expect(r).toEqual({ ready: true, openHits: 0, unanswered: [] })
  })

  it('counts open hits and lists blank answers in question order', () => {
    const r = readiness(
      [{ status: 'open' }, { status: 'not_same_person' }, { status: 'cleared_before' }, { status: 'open' }],
      questions,
      { face_matches_photo: '   ', purpose_of_travel: 'x' },
    )
    expect(r.ready).toBe(false)
    expect(r.openHits).toBe(2)
    expect(r.unanswered).toEqual(['face_matches_photo'])
    expect(readiness([], questions, {}).unanswered).toEqual(['face_matches_photo', 'purpose_of_travel'])
  })

  const ctx = (over: Partial<Parameters<typeof decisionBlock>[1]> = {}) => ({
    readiness: { ready: true, openHits: 0, unanswered: [] },
    hits: [],
    direction: 'entry',
    refusalCode: '',
    note: '',
    ...over,
  })

  it('blocks every decision on open hits first, then on unanswered questions', () => {
    const r = readiness([{ status: 'open' }], questions, {})
    for (const d of ['admit', 'refer', 'refuse', 'hand_over'] as const) {
      expect(decisionBlock(d, ctx({ readiness: r }))).toEqual({ key: 'inspection.block.openHits', params: { n: 1 } })
    }
    const r2 = readiness([], questions, { face_matches_photo: 'ok' })
    expect(decisionBlock('refer', ctx({ readiness: r2 }))).toEqual({ key: 'inspection.block.unanswered', params: { n: 1 } })
  })

  it('needs a refusal code to refuse and a confirmed arrest hit to hand over', () => {
    expect(decisionBlock('admit', ctx())).toBeNull()
    expect(decisionBlock('refer', ctx())).toBeNull()
    expect(decisionBlock('refuse', ctx())?.key).toBe('inspection.block.refusalCode')
    expect(decisionBlock('refuse', ctx({ refusalCode: 'R01' }))).toBeNull()
    expect(decisionBlock('hand_over', ctx())?.key).toBe('inspection.block.noArrestHit')
    expect(decisionBlock('hand_over', ctx({ hits: [{ status: 'not_same_person', action: 'arrest' }] }))?.key).toBe(
      'inspection.block.noArrestHit',
    )
    expect(decisionBlock('hand_over', ctx({ hits: [{ status: 'same_person', action: 'arrest' }] }))).toBeNull()
  })

  it('admits despite a confirmed blocking hit only with a note', () => {
    const hits = [{ status: 'same_person', action: 'deny_entry' }]
    expect(decisionBlock('admit', ctx({ hits }))?.key).toBe('inspection.block.admitNote')
    expect(decisionBlock('admit', ctx({ hits, note: 'checked with HQ' }))).toBeNull()
    // deny_entry does not block an exit.
    expect(decisionBlock('admit', ctx({ hits, direction: 'exit' }))).toBeNull()
  })
})

describe('secondary outcome', () => {
  it('needs adjudicated hits, notes, an outcome and what the outcome needs', () => {
    const base = { hits: [], notes: 'asked about the trip', refusalCode: '' }
    expect(outcomeBlock('admit', { ...base, hits: [{ status: 'open', action: 'notify' }] })?.key).toBe('inspection.block.openHits')
    expect(outcomeBlock('admit', { ...base, notes: 'ab ' })?.key).toBe('secondary.notesTooShort')
    expect(outcomeBlock('', base)?.key).toBe('secondary.outcome')
    expect(outcomeBlock('admit', base)).toBeNull()
    expect(outcomeBlock('refuse', base)?.key).toBe('inspection.block.refusalCode')
    expect(outcomeBlock('refuse', { ...base, refusalCode: 'R03' })).toBeNull()
    expect(outcomeBlock('hand_over', base)?.key).toBe('inspection.block.noArrestHit')
  })
})

describe('keyboard', () => {
  it('maps Alt+1..4 to admit, refer, refuse, hand over', () => {
    expect(decisionShortcut(key({ key: '1', code: 'Digit1', altKey: true }))).toBe('admit')
    expect(decisionShortcut(key({ key: '2', code: 'Digit2', altKey: true }))).toBe('refer')
    expect(decisionShortcut(key({ key: '3', code: 'Numpad3', altKey: true }))).toBe('refuse')
    // macOS: Alt+4 types "¢"; the physical key still counts.
    expect(decisionShortcut(key({ key: '¢', code: 'Digit4', altKey: true }))).toBe('hand_over')
    expect(shortcutLabel('refuse')).toBe('Alt+3')
  })

  it('ignores digits without Alt, with other modifiers, and other keys', () => {
    expect(decisionShortcut(key({ key: '1', code: 'Digit1' }))).toBeNull()
    expect(decisionShortcut(key({ key: '1', code: 'Digit1', altKey: true, ctrlKey: true }))).toBeNull()
    expect(decisionShortcut(key({ key: '1', code: 'Digit1', altKey: true, shiftKey: true }))).toBeNull()
    expect(decisionShortcut(key({ key: '5', code: 'Digit5', altKey: true }))).toBeNull()
    expect(decisionShortcut(key({ key: 'a', code: 'KeyA', altKey: true }))).toBeNull()
  })

  const L1 = 'P<VNMNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<'
  const L2 = 'C1234567<4VNM9001012M3001014<<<<<<<<<<<<<<06'

  it('Enter in the MRZ input starts the next line until the whole MRZ is in', () => {
    expect(mrzEnterAction('', key({}))).toBe('newline')
    expect(mrzEnterAction(L1, key({}))).toBe('newline')
    expect(mrzEnterAction(`${L1}\n${L2.slice(0, 40)}`, key({}))).toBe('newline')
    expect(mrzEnterAction(`${L1}\n${L2}`, key({}))).toBe('submit')
    expect(mrzEnterAction(`${L1}\n${L2}\n`, key({}))).toBe('submit')
    expect(mrzEnterAction('anything', key({ ctrlKey: true }))).toBe('submit')
  })
})

describe('desk helpers', () => {
  it('formats waiting times', () => {
    expect(formatWait(0)).toBe('0:00')
    expect(formatWait(75)).toBe('1:15')
    expect(formatWait(3725)).toBe('1:02:05')
    expect(formatWait(-5)).toBe('0:00')
  })

  it('keeps the desk session for its user only and rejects malformed data', () => {
    const s = { id: 7, unit_id: 3, desk: 'A01', direction: 'entry' as const, conveyance: 'land' as const, opened_at: 'x' }
    expect(parseStoredDesk(storeDesk(s, 5), 5)).toEqual(s)
    expect(parseStoredDesk(storeDesk(s, 5), 6)).toBeNull()
    expect(parseStoredDesk(null, 5)).toBeNull()
    expect(parseStoredDesk('{not json', 5)).toBeNull()
    expect(parseStoredDesk(JSON.stringify({ user_id: 5, session: { ...s, direction: 'sideways' } }), 5)).toBeNull()
    expect(parseStoredDesk(JSON.stringify({ user_id: 5, session: { ...s, id: '7' } }), 5)).toBeNull()
  })

  it('turns a local day into a 24-hour range', () => {
    const { from, to } = dayRange('2026-11-23')
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(24 * 3600 * 1000)
    expect(new Date(from).getDate()).toBe(23)
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  })
})

function leafKeys(messages: object, prefix = ''): string[] {
  const keys: string[] = []
  for (const [k, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (value !== null && typeof value === 'object') keys.push(...leafKeys(value, path))
    else keys.push(path)
  }
  return keys.sort()
}

describe('inspection message catalogues', () => {
  it('zh-CN and en have the same keys, none empty', () => {
    expect(leafKeys(inspectionEn)).toEqual(leafKeys(inspectionZhCN))
    for (const cat of [inspectionEn, inspectionZhCN]) {
      for (const k of leafKeys(cat)) {
        const v = k.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], cat)
        expect(typeof v === 'string' && v.trim() !== '', k).toBe(true)
      }
    }
  })

  it('does not overlap the base catalogue at the top level', () => {
    for (const top of Object.keys(inspectionZhCN)) {
      expect(Object.keys(zhCN), top).not.toContain(top)
      expect(Object.keys(en), top).not.toContain(top)
    }
  })
})
