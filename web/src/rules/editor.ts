// Logic behind the rule editor, kept out of the components so that it can be
// tested: placing the server's diagnostics on the expression's lines, the
// debounced "check as you type", the diff between two versions of a rule and
// the reason a user may not decide on a pending version.

import type { RuleDiagnostic, RuleVersion } from '../api/rules'

/** Number of Unicode code points in `s` (the server counts columns so). */
export function codePointLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** The expression's lines: "\r\n", "\r" and "\n" all end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

export interface PlacedDiagnostic extends RuleDiagnostic {
  /** The line's text (empty when the line is past the end). */
  lineText: string
  /** The line's text before the column, and from the column on. */
  before: string
  at: string
  /** Offset of the position in the text, in UTF-16 units (for setSelectionRange). */
  offset: number
}

/**
 * Places each diagnostic on its line: the text before and at its column and
 * the offset in the text. Lines and columns are 1-based, columns counted in
 * code points; a position past the end of its line or of the text is clamped
 * to the end (the server reports "unexpected end" one past the last character).
 */
export function placeDiagnostics(text: string, diagnostics: readonly RuleDiagnostic[]): PlacedDiagnostic[] {
  const lines = splitLines(text)
  // Offsets of line starts in UTF-16 units, honouring two-character "\r\n".
  const starts: number[] = [0]
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\r' && text[i + 1] === '\n') {
      starts.push(i + 2)
      i++
    } else if (c === '\n' || c === '\r') starts.push(i + 1)
  }
  return diagnostics.map((d) => {
    const lineIndex = Math.min(Math.max(d.line, 1), lines.length) - 1
    const lineText = lines[lineIndex] ?? ''
    const points = [...lineText]
    const col = Math.min(Math.max(d.column, 1), points.length + 1) - 1
    const before = points.slice(0, col).join('')
    return {
      ...d,
      lineText,
      before,
      at: points.slice(col).join(''),
      offset: (starts[lineIndex] ?? 0) + before.length,
    }
  })
}

/** The 1-based line numbers that carry a diagnostic, for the gutter. */
export function markedLines(diagnostics: readonly RuleDiagnostic[]): Set<number> {
  return new Set(diagnostics.map((d) => d.line))
}

export interface DebouncedCheckOptions<R> {
  /** Quiet time after the last change before the check runs. */
  delayMs: number
  /** The check itself (the API call). */
  run: (text: string) => Promise<R>
  /** Called with the result of the check of the newest text only. */
  onResult: (text: string, result: R) => void
  onError?: (text: string, error: unknown) => void
  /** Timer functions (tests pass fake ones). */
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/**
 * Checks text as the user types: every change restarts a timer; when it
 * expires the newest text is checked. A result that comes back after a newer
 * check has started is dropped, so an old answer never overwrites a new one.
 * The same text is not checked twice in a row.
 */
export class DebouncedCheck<R> {
  private timer: unknown = null
  private sequence = 0
  private lastChecked: string | null = null
  private readonly setTimer: (fn: () => void, ms: number) => unknown
  private readonly clearTimer: (handle: unknown) => void

  constructor(private readonly options: DebouncedCheckOptions<R>) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  }

  /** Reports the text after a change. */
  input(text: string): void {
    this.cancel()
    this.timer = this.setTimer(() => {
      this.timer = null
      void this.flush(text)
    }, this.options.delayMs)
  }

  /** Checks `text` now (unless it was the last text checked). */
  async flush(text: string): Promise<void> {
    this.cancel()
    if (text === this.lastChecked) return
    this.lastChecked = text
    const mine = ++this.sequence
    try {
      const result = await this.options.run(text)
      if (mine === this.sequence) this.options.onResult(text, result)
    } catch (e) {
      // Forget the text so that the next change (or the same text) is checked again.
      if (mine === this.sequence) {
        this.lastChecked = null
        this.options.onError?.(text, e)
      }
    }
  }

  /** True while a change waits for its timer. */
  get pending(): boolean {
    return this.timer !== null
  }

  /** Stops a waiting check and drops any result still on its way. */
  cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
  }

  /** Forgets everything (the editor was closed). */
  reset(): void {
    this.cancel()
    this.sequence++
    this.lastChecked = null
  }
}

export type VersionField =
  | 'name'
  | 'description'
  | 'expression'
  | 'outcome'
  | 'actions'
  | 'questions'
  | 'unit_scope'
  | 'validity'

export interface FieldChange {
  field: VersionField
  before: string
  after: string
  changed: boolean
}

export function outcomeText(v: Pick<RuleVersion, 'level' | 'points'>): string {
  return v.level ? v.level : `${v.points} pts`
}

export function actionsText(v: Pick<RuleVersion, 'refer_secondary' | 'notify_customs' | 'notify_health'>): string {
  const out: string[] = []
  if (v.refer_secondary) out.push('refer_secondary')
  if (v.notify_customs) out.push('notify_customs')
  if (v.notify_health) out.push('notify_health')
  return out.join(', ')
}

function fieldText(v: RuleVersion, field: VersionField): string {
  switch (field) {
    case 'name':
      return v.name
    case 'description':
      return v.description
    case 'expression':
      return v.expression
    case 'outcome':
      return outcomeText(v)
    case 'actions':
      return actionsText(v)
    case 'questions':
      return v.questions.map((q) => `${q.key}: ${q.text_zh} / ${q.text_en}`).join('\n')
    case 'unit_scope':
      return [...v.unit_scope].sort((a, b) => a - b).join(', ')
    case 'validity':
      return `${v.valid_from ?? '…'} – ${v.valid_to ?? '…'}`
  }
}

const FIELDS: readonly VersionField[] = [
  'name',
  'description',
  'expression',
  'outcome',
  'actions',
  'questions',
  'unit_scope',
  'validity',
]

/** Field-by-field comparison of a version with the one before (null: a new rule). */
export function diffVersions(previous: RuleVersion | null, current: RuleVersion): FieldChange[] {
  return FIELDS.map((field) => {
    const before = previous ? fieldText(previous, field) : ''
    const after = fieldText(current, field)
    return { field, before, after, changed: previous === null ? after !== '' : before !== after }
  })
}

export interface LineDiff {
  kind: 'same' | 'removed' | 'added'
  text: string
}

/** Line diff of two texts (longest common subsequence; expressions are short). */
export function diffLines(before: string, after: string): LineDiff[] {
  const a = before === '' ? [] : splitLines(before)
  const b = after === '' ? [] : splitLines(after)
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const out: LineDiff[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! })
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: 'removed', text: a[i++]! })
    } else {
      out.push({ kind: 'added', text: b[j++]! })
    }
  }
  while (i < n) out.push({ kind: 'removed', text: a[i++]! })
  while (j < m) out.push({ kind: 'added', text: b[j++]! })
  return out
}

/** Why a user may not approve or reject the rule's pending version; null when they may. */
export type DecideBlock = 'not_pending' | 'not_supervisor' | 'four_eyes' | null

export function decideBlock(
  rule: { versions: readonly Pick<RuleVersion, 'state'>[]; can_decide: boolean },
  user: { roles: readonly string[] },
): DecideBlock {
  const newest = rule.versions[0]
  if (!newest || newest.state !== 'pending_approval') return 'not_pending'
  if (!user.roles.includes('supervisor')) return 'not_supervisor'
  if (rule.can_decide) return null
  // The server says no for a supervisor only under four eyes (it wrote or
  // submitted the rule); the UI says so, and the server refuses it anyway.
  return 'four_eyes'
}
