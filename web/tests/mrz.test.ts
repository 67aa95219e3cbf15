import { describe, expect, it, vi } from 'vitest'

import type { MrzDocument } from '../src/api/types'
import { completeMrzShape, highlightMrz, MrzBurst, mrzKey, mrzLines, utf8Length } from '../src/documents/mrz'

// ICAO 9303-4 TD3 specimen and 9303-5 TD1 specimen.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<']
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6']

describe('mrzLines', () => {
  it('ignores line ends, blank lines, surrounding spaces and case', () => {
    expect(mrzLines(`  ${TD3[0]!.toLowerCase()} \r\n\r\n${TD3[1]}\n`)).toEqual(TD3)
    expect(mrzLines(`${TD1[0]}\r${TD1[1]}\r${TD1[2]}`)).toEqual(TD1)
  })

  it('splits a single line on whitespace or by the length of a layout', () => {
    expect(mrzLines(`${TD3[0]} ${TD3[1]}`)).toEqual(TD3)
    expect(mrzLines(TD3.join(''))).toEqual(TD3)
    expect(mrzLines(TD1.join(''))).toEqual(TD1)
    expect(mrzLines(TD2.join(''))).toEqual(TD2)
    expect(mrzLines('P<UTO')).toEqual(['P<UTO'])
    expect(mrzLines('')).toEqual([])
  })
})

describe('completeMrzShape', () => {
  it('recognises every layout, as lines or as one line', () => {
    expect(completeMrzShape(TD3.join('\n'))?.formats).toContain('TD3')
    expect(completeMrzShape(TD1.join('\n'))?.formats).toContain('TD1')
    expect(completeMrzShape(TD2.join('\n'))?.formats).toContain('TD2')
    expect(completeMrzShape(TD3.join('') + '\n')?.width).toBe(44)
  })

  it('is null for every prefix of a burst until the last character', () => {
    for (const lines of [TD3, TD1, TD2]) {
      const burst = lines.join('\n')
      for (let n = 0; n < burst.length; n++) {
        expect(completeMrzShape(burst.slice(0, n)), `${n} of ${burst.length}`).toBeNull()
      }
      expect(completeMrzShape(burst)).not.toBeNull()
      expect(completeMrzShape(burst + '\n')).not.toBeNull()
    }
  })

  it('is null for text that is not an MRZ', () => {
    expect(completeMrzShape('hello world')).toBeNull()
    expect(completeMrzShape(TD3[0]!)).toBeNull()
    expect(completeMrzShape(`${TD3[0]}\n${TD3[1]}\n${TD3[1]}`)).toBeNull()
    expect(completeMrzShape(`${TD3[0]}\n${TD3[1]!.replace('L', 'É')}`)).toBeNull()
    expect(completeMrzShape(`${TD3[0]}\n${TD2[1]}`)).toBeNull()
  })
})

describe('mrzKey and utf8Length', () => {
  it('identifies the same MRZ however it was typed', () => {
    expect(mrzKey(TD3.join('\r\n') + '\n')).toBe(mrzKey(TD3.join('').toLowerCase()))
  })
  it('counts bytes, not characters', () => {
    expect(utf8Length('P<')).toBe(2)
    expect(utf8Length('证件')).toBe(6)
  })
})

describe('MrzBurst', () => {
  function setup(settleMs = 300) {
    vi.useFakeTimers()
    const read: string[] = []
    const burst = new MrzBurst({ settleMs, onComplete: (text) => read.push(text) })
    return { burst, read }
  }

  it('reads a typed burst with Enter keystrokes once, after it settles', () => {
    const { burst, read } = setup()
    const text = TD3.join('\n') + '\n'
    for (let n = 1; n <= text.length; n++) {
      burst.input(text.slice(0, n))
      vi.advanceTimersByTime(10)
    }
    expect(read).toEqual([])
    vi.advanceTimersByTime(300)
    expect(read).toEqual([text])
    // The same MRZ again (another keystroke of the same burst) is not read twice.
    burst.input(text + '\n')
    vi.advanceTimersByTime(1000)
    expect(read).toEqual([text])
    vi.useRealTimers()
  })

  it('reads the same document again when it is scanned again', () => {
    const { burst, read } = setup()
    const text = TD3.join('\n')
    burst.input(text)
    vi.advanceTimersByTime(300)
    for (let n = 1; n <= text.length; n++) burst.input(text.slice(0, n))
    vi.advanceTimersByTime(300)
    expect(read).toEqual([text, text])
    vi.useRealTimers()
  })

  it('waits while a one-line reader sends more than the shortest layout', () => {
    const { burst, read } = setup()
    const text = TD3.join('')
    for (let n = 1; n <= text.length; n++) {
      burst.input(text.slice(0, n))
      vi.advanceTimersByTime(5)
    }
    vi.advanceTimersByTime(300)
    expect(read).toEqual([text])
    vi.useRealTimers()
  })

  it('does not read incomplete text, nor an MRZ already read by the button', () => {
    const { burst, read } = setup()
    burst.input(TD3[0]!)
    vi.advanceTimersByTime(1000)
    burst.markRead(TD1.join('\n'))
    burst.input(TD1.join('\n'))
    vi.advanceTimersByTime(1000)
    expect(read).toEqual([])
    burst.reset()
    burst.input(TD1.join('\n'))
    vi.advanceTimersByTime(1000)
    expect(read).toEqual([TD1.join('\n')])
    vi.useRealTimers()
  })
})

describe('highlightMrz', () => {
  const doc: Pick<MrzDocument, 'lines' | 'errors' | 'warnings' | 'check_digits'> = {
    lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C37UTO7408122F1204159ZE184226B<<<<<10'],
    check_digits: [
      { field: 'document_number', expected: '6', found: '7', ok: false, line: 2, column: 10 },
      { field: 'birth_date', expected: '2', found: '2', ok: true, line: 2, column: 20 },
      { field: 'composite', expected: '7', found: '0', ok: false, line: 2, column: 44 },
    ],
    errors: [
      { line: 2, column: 10, field: 'document_number', code: 'check_digit', message: 'm' },
      { line: 2, column: 44, field: 'composite', code: 'check_digit', message: 'm' },
      { line: 0, column: 0, field: 'mrz', code: 'whole', message: 'm' },
      { line: 3, column: 1, field: 'mrz', code: 'out_of_range', message: 'm' },
    ],
    warnings: [
      { line: 1, column: 3, field: 'issuing_state', code: 'unknown_code', message: 'm' },
      { line: 2, column: 10, field: 'document_number', code: 'other', message: 'm' },
    ],
  }

  it('keeps the text of every line', () => {
    const lines = highlightMrz(doc)
    expect(lines.map((segs) => segs.map((s) => s.text).join(''))).toEqual(doc.lines)
  })

  it('marks each position once, errors over warnings over passed check digits', () => {
    const marked = highlightMrz(doc)
      .flat()
      .filter((s) => s.mark)
      .map((s) => [s.line, s.column, s.text, s.mark!.kind])
    expect(marked).toEqual([
      [1, 3, 'U', 'warning'],
      [2, 10, '7', 'error'],
      [2, 20, '2', 'check'],
      [2, 44, '0', 'error'],
    ])
  })

  it('keeps the findings of a marked character', () => {
    const seg = highlightMrz(doc)[1]!.find((s) => s.column === 10)!
    expect(seg.mark!.errors.map((e) => e.code)).toEqual(['check_digit'])
    expect(seg.mark!.warnings.map((e) => e.code)).toEqual(['other'])
    expect(seg.mark!.checkDigits.map((c) => c.expected)).toEqual(['6'])
  })

  it('marks a failed check digit even without an error entry', () => {
    const lines = highlightMrz({ ...doc, errors: [], warnings: [] })
    expect(lines[1]!.find((s) => s.column === 10)!.mark!.kind).toBe('error')
    expect(lines[0]!.every((s) => s.mark === null)).toBe(true)
  })
})
