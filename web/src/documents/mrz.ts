// MRZ input and display logic for the "read document" panel, kept free of
// Vue and the DOM so that it is unit-tested (tests/mrz.test.ts).
//
// The server (POST /documents/mrz, docs/documents.md) does the real parsing
// and checking; this module only decides when typed or scanned text looks
// like a whole MRZ (to read it without a button press) and where to mark the
// characters the server's answer points at.

import type { MrzCheckDigit, MrzDocument, MrzIssue } from '../api/types'

/** The server refuses MRZ text above this many bytes (413 mrz_too_large). */
export const MRZ_MAX_BYTES = 4096

/** Line count × width of each ICAO 9303 layout (visas share the TD2/TD3 shapes). */
export const MRZ_SHAPES = [
  { lines: 3, width: 30, formats: ['TD1'] },
  { lines: 2, width: 36, formats: ['TD2', 'MRVB'] },
  { lines: 2, width: 44, formats: ['TD3', 'MRVA'] },
] as const

export type MrzShape = (typeof MRZ_SHAPES)[number]

const MRZ_ALPHABET = /^[A-Z0-9<]+$/

/**
 * The candidate MRZ lines in `text`, read as the server reads them: CR/LF
 * line ends, blank lines and surrounding whitespace ignored, lower case as
 * upper case; a single line is split on whitespace, or by length when it is
 * as long as a whole layout (90 = TD1, 88 = TD3/MRV-A, 72 = TD2/MRV-B).
 */
export function mrzLines(text: string): string[] {
  let lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim().toUpperCase())
    .filter((l) => l !== '')
  if (lines.length === 1) {
    const only = lines[0]!
    if (/\s/.test(only)) {
      lines = only.split(/\s+/)
    } else {
      const shape = MRZ_SHAPES.find((s) => s.lines * s.width === only.length)
      if (shape) {
        lines = []
        for (let i = 0; i < shape.lines; i++) lines.push(only.slice(i * shape.width, (i + 1) * shape.width))
      }
    }
  }
  return lines
}

/**
 * The layout shape when `text` holds a whole MRZ: the right number of lines,
 * each exactly as wide as the layout, only MRZ characters. Otherwise null
 * (still typing, or not an MRZ; the officer can still press "read").
 *
 * A whole two-line MRZ is never the start of a longer one (the line widths
 * differ), but one line of 72 characters is the start of one of 88 or 90:
 * the caller waits for the input to settle before reading (MrzBurst).
 */
export function completeMrzShape(text: string): MrzShape | null {
  const lines = mrzLines(text)
  if (!lines.every((l) => MRZ_ALPHABET.test(l))) return null
  return MRZ_SHAPES.find((s) => s.lines === lines.length && lines.every((l) => l.length === s.width)) ?? null
}

/** Identifies the MRZ in `text` regardless of line ends, spacing and case. */
export function mrzKey(text: string): string {
  return mrzLines(text).join('\n')
}

/** UTF-8 length of `text`, to refuse too-large input before sending it. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}

export interface MrzBurstOptions {
  /** Quiet time after the last keystroke before a whole MRZ is read. */
  settleMs: number
  /** Called with the text once it holds a whole MRZ and input has settled. */
  onComplete: (text: string) => void
  /** Timer functions (tests pass fake ones). */
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/**
 * Watches text that a document reader types like a keyboard: characters and
 * Enter keystrokes in a fast burst. Every change restarts a short timer; when
 * it expires and the text holds a whole MRZ that was not just read, it calls
 * onComplete. Enter never submits, so a burst is never cut at its first line.
 */
export class MrzBurst {
  private timer: unknown = null
  private lastKey = ''
  private readonly setTimer: (fn: () => void, ms: number) => unknown
  private readonly clearTimer: (handle: unknown) => void

  constructor(private readonly options: MrzBurstOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  }

  /**
   * Reports the current text after every change. Text that is no whole MRZ
   * forgets the last read, so that scanning the same document again (the
   * scan replaces the text, passing through partial states) reads it again,
   * while a late Enter after a whole MRZ does not.
   */
  input(text: string): void {
    this.cancel()
    if (!completeMrzShape(text)) {
      this.lastKey = ''
      return
    }
    if (mrzKey(text) === this.lastKey) return
    this.timer = this.setTimer(() => {
      this.timer = null
      this.lastKey = mrzKey(text)
      this.options.onComplete(text)
    }, this.options.settleMs)
  }

  /** Records that `text` was read another way (button), so it is not read again. */
  markRead(text: string): void {
    this.cancel()
    this.lastKey = mrzKey(text)
  }

  /** Forgets what was read (the input was cleared). */
  reset(): void {
    this.cancel()
    this.lastKey = ''
  }

  cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
  }
}

export type MrzMarkKind = 'error' | 'warning' | 'check'

/** A run of MRZ characters; `mark` set for a single marked character. */
export interface MrzSegment {
  text: string
  /** 1-based line and column of the first character. */
  line: number
  column: number
  mark: MrzMark | null
}

export interface MrzMark {
  kind: MrzMarkKind
  errors: MrzIssue[]
  warnings: MrzIssue[]
  checkDigits: MrzCheckDigit[]
}

/**
 * Splits the document's lines into segments, marking every character that an
 * error, a warning or a check digit points at. An error (or a failed check
 * digit) outranks a warning, which outranks a passed check digit. Positions
 * outside the lines (line 0: the whole zone) mark nothing.
 */
export function highlightMrz(
  doc: Pick<MrzDocument, 'lines' | 'errors' | 'warnings' | 'check_digits'>,
): MrzSegment[][] {
  const marks = new Map<string, MrzMark>()
  const at = (line: number, column: number): MrzMark | null => {
    const text = doc.lines[line - 1]
    if (text === undefined || column < 1 || column > text.length) return null
    const key = `${line}:${column}`
    let mark = marks.get(key)
    if (!mark) {
      mark = { kind: 'check', errors: [], warnings: [], checkDigits: [] }
      marks.set(key, mark)
    }
    return mark
  }
  for (const issue of doc.errors) at(issue.line, issue.column)?.errors.push(issue)
  for (const issue of doc.warnings) at(issue.line, issue.column)?.warnings.push(issue)
  for (const check of doc.check_digits) at(check.line, check.column)?.checkDigits.push(check)
  for (const mark of marks.values()) {
    if (mark.errors.length > 0 || mark.checkDigits.some((c) => !c.ok)) mark.kind = 'error'
    else if (mark.warnings.length > 0) mark.kind = 'warning'
  }

  return doc.lines.map((text, index) => {
    const line = index + 1
    const segments: MrzSegment[] = []
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const mark = marks.get(`${line}:${i + 1}`)
      if (!mark) continue
      if (i > start) segments.push({ text: text.slice(start, i), line, column: start + 1, mark: null })
      segments.push({ text: text.charAt(i), line, column: i + 1, mark })
      start = i + 1
    }
    if (start < text.length) segments.push({ text: text.slice(start), line, column: start + 1, mark: null })
    return segments
  })
}
