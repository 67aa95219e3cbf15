// Desk logic kept free of Vue and the DOM so that it is unit-tested
// (tests/inspection.test.ts): when a decision may be taken and why not, the
// keyboard shortcuts, when Enter in the MRZ input submits, and the desk
// session remembered for the browser tab.
//
// The server checks all of this again (InspectionService::Decide); the UI
// only explains beforehand what the server would refuse.

import type { Decision, DeskSession, InspectionHit, Question } from '../api/inspection'
import { completeMrzShape } from '../documents/mrz'

export const DECISIONS: readonly Decision[] = ['admit', 'refer', 'refuse', 'hand_over']

/** What stops every decision: open hits and unanswered questions. */
export interface Readiness {
  ready: boolean
  /** Hits still to adjudicate (status "open"). */
  openHits: number
  /** Keys of the required questions without a (non-blank) answer, in order. */
  unanswered: string[]
}

export function readiness(
  hits: readonly Pick<InspectionHit, 'status'>[],
  questions: readonly Pick<Question, 'key'>[],
  answers: Readonly<Record<string, string | undefined>>,
): Readiness {
  const openHits = hits.filter((h) => h.status === 'open').length
  const unanswered = questions.filter((q) => (answers[q.key] ?? '').trim() === '').map((q) => q.key)
  return { ready: openHits === 0 && unanswered.length === 0, openHits, unanswered }
}

/** A hit confirmed as the same person on a list asking to arrest (allows a hand-over). */
export function hasConfirmedArrest(hits: readonly Pick<InspectionHit, 'status' | 'action'>[]): boolean {
  return hits.some((h) => h.status === 'same_person' && h.action === 'arrest')
}

/** A confirmed hit that forbids this crossing: admitting needs a note saying why. */
export function blocksAdmission(
  hits: readonly Pick<InspectionHit, 'status' | 'action'>[],
  direction: string,
): boolean {
  return hits.some(
    (h) =>
      h.status === 'same_person' &&
      (h.action === 'arrest' ||
        (direction === 'entry' && h.action === 'deny_entry') ||
        (direction === 'exit' && h.action === 'deny_exit')),
  )
}

/** Why a decision cannot be taken now: an i18n key and its parameters. */
export interface Block {
  key: string
  params?: Record<string, string | number>
}

export interface DecisionContext {
  readiness: Readiness
  hits: readonly Pick<InspectionHit, 'status' | 'action'>[]
  direction: string
  refusalCode: string
  note: string
}

/**
 * The first thing that stops `decision`, or null when it may be taken.
 * Open hits come first, then unanswered questions, then what the decision
 * itself needs (a refusal code; a confirmed arrest hit for a hand-over; a
 * note to admit despite a confirmed blocking hit).
 */
export function decisionBlock(decision: Decision, ctx: DecisionContext): Block | null {
  const r = ctx.readiness
  if (r.openHits > 0) return { key: 'inspection.block.openHits', params: { n: r.openHits } }
  if (r.unanswered.length > 0) return { key: 'inspection.block.unanswered', params: { n: r.unanswered.length } }
  if (decision === 'refuse' && ctx.refusalCode === '') return { key: 'inspection.block.refusalCode' }
  if (decision === 'hand_over' && !hasConfirmedArrest(ctx.hits)) return { key: 'inspection.block.noArrestHit' }
  if (decision === 'admit' && blocksAdmission(ctx.hits, ctx.direction) && ctx.note.trim().length < 4) {
    return { key: 'inspection.block.admitNote' }
  }
  return null
}

export interface KeyLike {
  key: string
  code?: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
}

/**
 * The decision an Alt+1..4 keystroke asks for, in DECISIONS order, or null.
 * Reads the physical key (code "Digit1") first, because Alt+digit types
 * another character on some layouts (macOS), then the key itself.
 */
export function decisionShortcut(e: KeyLike): Decision | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null
  const m = /^(?:Digit|Numpad)([1-4])$/.exec(e.code ?? '') ?? /^([1-4])$/.exec(e.key)
  return m ? DECISIONS[Number(m[1]) - 1]! : null
}

/** The label of a decision's shortcut, shown on its button. */
export function shortcutLabel(decision: Decision): string {
  return `Alt+${DECISIONS.indexOf(decision) + 1}`
}

/**
 * What Enter does in the desk's MRZ input. A reader types Enter after every
 * line, so Enter submits only once the text holds a whole MRZ (otherwise it
 * starts the next line); Ctrl+Enter always submits.
 */
export function mrzEnterAction(text: string, e: Pick<KeyLike, 'ctrlKey' | 'metaKey'>): 'submit' | 'newline' {
  if (e.ctrlKey || e.metaKey) return 'submit'
  return completeMrzShape(text) ? 'submit' : 'newline'
}

/** 75 → "1:15", 3725 → "1:02:05" (waiting times). */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

export const DESK_STORAGE_KEY = 'guomen.desk'

/** The desk session kept in sessionStorage (per browser tab), or null when absent or malformed. */
export function parseStoredDesk(raw: string | null, userId: number): DeskSession | null {
  if (!raw) return null
  try {
    const v = JSON.parse(raw) as { user_id?: unknown; session?: Partial<DeskSession> }
    const s = v.session
    if (v.user_id !== userId || !s) return null
    if (typeof s.id !== 'number' || typeof s.unit_id !== 'number' || typeof s.desk !== 'string') return null
    if (s.direction !== 'entry' && s.direction !== 'exit') return null
    if (!['air', 'sea', 'land', 'rail'].includes(String(s.conveyance))) return null
    return s as DeskSession
  } catch {
    return null
  }
}

export function storeDesk(session: DeskSession, userId: number): string {
  return JSON.stringify({ user_id: userId, session })
}

/**
 * The first thing that stops completing a secondary case with `outcome`, or
 * null: open hits, notes shorter than 4 characters, a refusal without a
 * code, a hand-over without a confirmed arrest hit.
 */
export function outcomeBlock(
  outcome: 'admit' | 'refuse' | 'hand_over' | '',
  ctx: { hits: readonly Pick<InspectionHit, 'status' | 'action'>[]; notes: string; refusalCode: string },
): Block | null {
  const open = ctx.hits.filter((h) => h.status === 'open').length
  if (open > 0) return { key: 'inspection.block.openHits', params: { n: open } }
  if ([...ctx.notes.trim()].length < 4) return { key: 'secondary.notesTooShort' }
  if (outcome === '') return { key: 'secondary.outcome' }
  if (outcome === 'refuse' && ctx.refusalCode === '') return { key: 'inspection.block.refusalCode' }
  if (outcome === 'hand_over' && !hasConfirmedArrest(ctx.hits)) return { key: 'inspection.block.noArrestHit' }
  return null
}

/** A local calendar day "YYYY-MM-DD" as the API's from/to (local midnight to the next one, in UTC). */
export function dayRange(day: string): { from: string; to: string } {
  const [y, m, d] = day.split('-').map(Number)
  const start = new Date(y!, (m ?? 1) - 1, d ?? 1)
  const end = new Date(y!, (m ?? 1) - 1, (d ?? 1) + 1)
  const iso = (x: Date) => x.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return { from: iso(start), to: iso(end) }
}
