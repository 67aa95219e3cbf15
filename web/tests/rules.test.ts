import { describe, expect, it } from 'vitest'

import type { RuleVersion } from '../src/api/rules'
import rulesEn from '../src/i18n/rules.en'
import rulesZhCN from '../src/i18n/rules.zh-CN'
import { MESSAGES } from '../src/i18n/messages'
import {
  codePointLength,
  DebouncedCheck,
  decideBlock,
  diffLines,
  diffVersions,
  markedLines,
  placeDiagnostics,
} from '../src/rules/editor'

const diag = (line: number, column: number, kind = 'type_error') => ({ kind, line, column, message: 'm' })

describe('placeDiagnostics', () => {
  it('splits the line at the column and gives the offset in the text', () => {
    const text = 'journey.port == "x"\n  && history.refusals > "1"'
    const [d] = placeDiagnostics(text, [diag(2, 23)])
    expect(d!.lineText).toBe('  && history.refusals > "1"')
    expect(d!.before).toBe('  && history.refusals ')
    expect(d!.at).toBe('> "1"')
    expect(text.slice(d!.offset, d!.offset + 1)).toBe('>')
  })

  it('counts columns in code points, as the server does', () => {
    // "𠀀" is one code point but two UTF-16 units; "é" one of each.
    const text = '"𠀀é" == x'
    const [d] = placeDiagnostics(text, [diag(1, 5)])
    expect(d!.before).toBe('"𠀀é"')
    expect(d!.at).toBe(' == x')
    expect(d!.offset).toBe(5)
    expect(codePointLength('"𠀀é"')).toBe(4)
  })

  it('handles CRLF and CR line ends', () => {
    const text = 'a &&\r\nb &&\rc > "1"'
    const [d] = placeDiagnostics(text, [diag(3, 3)])
    expect(d!.lineText).toBe('c > "1"')
    expect(text.slice(d!.offset, d!.offset + 1)).toBe('>')
  })

  it('clamps positions past the end (an "unexpected end" one past the last character)', () => {
    const [end, far] = placeDiagnostics('1 +', [diag(1, 4, 'syntax_error'), diag(9, 99)])
    expect(end!.before).toBe('1 +')
    expect(end!.at).toBe('')
    expect(end!.offset).toBe(3)
    expect(far!.lineText).toBe('1 +')
    expect(far!.offset).toBe(3)
  })

  it('marks the lines that carry a problem', () => {
    expect([...markedLines([diag(2, 1), diag(2, 5), diag(4, 1)])].sort()).toEqual([2, 4])
  })
})

/** Fake timers: run() fires the pending timer. */
function fakeTimers() {
  let pending: (() => void) | null = null
  let created = 0
  return {
    setTimer: (fn: () => void) => {
      pending = fn
      created++
      return created
    },
    clearTimer: () => {
      pending = null
    },
    fire() {
      const fn = pending
      pending = null
      fn?.()
    },
    get pending() {
      return pending !== null
    },
  }
}

describe('DebouncedCheck', () => {
  it('checks only the last text of a burst, once the timer fires', async () => {
    const timers = fakeTimers()
    const checked: string[] = []
    const results: string[] = []
    const c = new DebouncedCheck<string>({
      delayMs: 300,
      run: async (t) => {
        checked.push(t)
        return 'r:' + t
      },
      onResult: (_t, r) => results.push(r),
      ...timers,
    })
    c.input('a')
    c.input('ab')
    c.input('abc')
    expect(checked).toEqual([])
    timers.fire()
    await Promise.resolve()
    await Promise.resolve()
    expect(checked).toEqual(['abc'])
    expect(results).toEqual(['r:abc'])
    // The same text again is not checked again.
    c.input('abc')
    timers.fire()
    await Promise.resolve()
    expect(checked).toEqual(['abc'])
  })

  it('drops an answer that arrives after a newer check started', async () => {
    const resolvers: ((r: string) => void)[] = []
    const results: string[] = []
    const c = new DebouncedCheck<string>({
      delayMs: 0,
      run: (t) => new Promise<string>((resolve) => resolvers.push(() => resolve('r:' + t))),
      onResult: (_t, r) => results.push(r),
      ...fakeTimers(),
    })
    const first = c.flush('old')
    const second = c.flush('new')
    resolvers[1]!('')
    await second
    resolvers[0]!('')
    await first
    expect(results).toEqual(['r:new'])
  })

  it('reports a failure and checks the same text again afterwards', async () => {
    let fail = true
    const errors: string[] = []
    const results: string[] = []
    const c = new DebouncedCheck<string>({
      delayMs: 0,
      run: async (t) => {
        if (fail) throw new Error('offline')
        return t
      },
      onResult: (_t, r) => results.push(r),
      onError: (t) => errors.push(t),
      ...fakeTimers(),
    })
    await c.flush('x')
    expect(errors).toEqual(['x'])
    fail = false
    await c.flush('x')
    expect(results).toEqual(['x'])
  })

  it('reset drops a waiting check and answers still on their way', async () => {
    const timers = fakeTimers()
    let resolve: (r: string) => void = () => {}
    const results: string[] = []
    const c = new DebouncedCheck<string>({
      delayMs: 300,
      run: () => new Promise<string>((r) => (resolve = r)),
      onResult: (_t, r) => results.push(r),
      ...timers,
    })
    const inflight = c.flush('a')
    c.input('b')
    expect(c.pending).toBe(true)
    c.reset()
    expect(c.pending).toBe(false)
    expect(timers.pending).toBe(false)
    resolve('late')
    await inflight
    expect(results).toEqual([])
  })
})

function version(over: Partial<RuleVersion>): RuleVersion {
  return {
    version: 1,
    name: 'n',
    description: '',
    expression: 'a',
    level: 'medium',
    points: 0,
    refer_secondary: false,
    notify_customs: false,
    notify_health: false,
    questions: [],
    unit_scope: [2],
    valid_from: null,
    valid_to: null,
    state: 'active',
    editor: 'analyst',
    created_at: '',
    submitted_by: '',
    submitted_at: null,
    decided_by: '',
    decided_at: null,
    reject_reason: '',
    retired_by: '',
    retired_at: null,
    ...over,
  }
}

describe('diffs for the approval queue', () => {
  it('lists the fields that changed from the previous version', () => {
    const before = version({})
    const after = version({ version: 2, expression: 'a && b', level: '', points: 40, notify_health: true, state: 'pending_approval' })
    const changed = diffVersions(before, after).filter((c) => c.changed)
    expect(changed.map((c) => c.field)).toEqual(['expression', 'outcome', 'actions'])
    expect(changed.find((c) => c.field === 'outcome')).toMatchObject({ before: 'medium', after: '40 pts' })
  })

  it('a new rule: every non-empty field is new', () => {
    const changed = diffVersions(null, version({ description: '' })).filter((c) => c.changed)
    expect(changed.map((c) => c.field)).toEqual(['name', 'expression', 'outcome', 'unit_scope', 'validity'])
  })

  it('diffs expression lines', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ])
    expect(diffLines('', 'x')).toEqual([{ kind: 'added', text: 'x' }])
  })
})

describe('decideBlock', () => {
  const pending = { versions: [{ state: 'pending_approval' }], can_decide: false }
  it('says why a user may not decide', () => {
    expect(decideBlock(pending, { roles: ['analyst'] })).toBe('not_supervisor')
    expect(decideBlock(pending, { roles: ['supervisor'] })).toBe('four_eyes')
    expect(decideBlock(pending, { roles: ['analyst', 'supervisor'] })).toBe('four_eyes')
    expect(decideBlock({ ...pending, can_decide: true }, { roles: ['supervisor'] })).toBeNull()
    expect(decideBlock({ versions: [{ state: 'active' }], can_decide: false }, { roles: ['supervisor'] })).toBe(
      'not_pending',
    )
  })
})

describe('rules catalogues', () => {
  function leafKeys(messages: object, prefix = ''): string[] {
    return Object.entries(messages).flatMap(([k, v]) =>
      v !== null && typeof v === 'object' ? leafKeys(v as object, prefix + k + '.') : [prefix + k],
    )
  }
  it('zh-CN and en have the same keys, and merging keeps the main nav labels', () => {
    expect(leafKeys(rulesEn).sort()).toEqual(leafKeys(rulesZhCN).sort())
    expect(MESSAGES['zh-CN'].nav.rules).toBe('风险规则')
    expect(MESSAGES['zh-CN'].nav.home).toBe('首页')
    expect(MESSAGES.en.nav.rules).toBe('Risk rules')
    expect(MESSAGES.en.rules.decideBlock.four_eyes).toMatch(/Four eyes/)
  })
})
