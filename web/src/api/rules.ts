// Risk rules and reference sets: types and calls (docs/openapi.yaml,
// section "risk rules"; the life-cycle is in docs/rules.md).

import { api, request } from './client'

export type RuleLevel = 'low' | 'medium' | 'high' | 'critical'
export const RULE_LEVELS: readonly RuleLevel[] = ['low', 'medium', 'high', 'critical']

/** State of a rule as a whole. */
export type RuleState = 'draft' | 'pending_approval' | 'active' | 'retired' | string
/** State of one version (adds rejected and superseded). */
export type VersionState = RuleState | 'rejected' | 'superseded'

export interface RuleQuestion {
  key: string
  text_zh: string
  text_en: string
}

export interface RuleVersion {
  version: number
  name: string
  description: string
  expression: string
  /** '' when the outcome is points. */
  level: RuleLevel | ''
  points: number
  refer_secondary: boolean
  notify_customs: boolean
  notify_health: boolean
  questions: RuleQuestion[]
  unit_scope: number[]
  valid_from: string | null
  valid_to: string | null
  state: VersionState
  editor: string
  created_at: string
  submitted_by: string
  submitted_at: string | null
  decided_by: string
  decided_at: string | null
  reject_reason: string
  retired_by: string
  retired_at: string | null
}

export interface Rule {
  id: number
  code: string
  owner_unit_id: number
  state: RuleState
  current_version: number
  active_version: number | null
  updated_at: string
  /** Whether the caller may approve or reject the pending version. */
  can_decide: boolean
  /** Newest first. */
  versions: RuleVersion[]
}

export interface RuleDraft {
  name: string
  description: string
  expression: string
  level: RuleLevel | ''
  points?: number
  refer_secondary: boolean
  notify_customs: boolean
  notify_health: boolean
  questions: RuleQuestion[]
  unit_scope: number[]
  valid_from: string | null
  valid_to: string | null
}

export type DiagnosticKind = 'syntax_error' | 'type_error' | 'rights_guard' | string

export interface RuleDiagnostic {
  kind: DiagnosticKind
  line: number
  column: number
  message: string
}

export interface CheckResult {
  ok: boolean
  diagnostics: RuleDiagnostic[]
}

export interface BacktestResult {
  days: number
  evaluated: number
  flagged: number
  errors: number
  by_port: { unit_id: number; code: string; name: string; name_en: string; count: number }[]
  by_day: { day: string; count: number }[]
  sample: {
    subject_kind: string
    subject_id: number
    time: string
    unit_id: number
    facts_used: { fact: string; value: string }[]
  }[]
}

export interface ReferenceSet {
  name: string
  description: string
  items: string[]
  updated_at: string
}

type RuleAnswer = { rule: Rule }

export const rules = {
  list: async (state?: string) => (await api.get<{ rules: Rule[] }>('/rules', { state })).rules,
  get: async (id: number) => (await api.get<RuleAnswer>(`/rules/${id}`)).rule,
  create: async (code: string, draft: RuleDraft) =>
    (await api.post<RuleAnswer>('/rules', { code, ...draft })).rule,
  update: async (id: number, draft: RuleDraft) =>
    (await request<RuleAnswer>('PUT', `/rules/${id}`, { body: draft })).rule,
  submit: async (id: number) => (await api.post<RuleAnswer>(`/rules/${id}/submit`)).rule,
  approve: async (id: number) => (await api.post<RuleAnswer>(`/rules/${id}/approve`)).rule,
  reject: async (id: number, reason: string) =>
    (await api.post<RuleAnswer>(`/rules/${id}/reject`, { reason })).rule,
  retire: async (id: number) => (await api.post<RuleAnswer>(`/rules/${id}/retire`)).rule,
  backtest: (id: number, days: number) => api.post<BacktestResult>(`/rules/${id}/backtest`, { days }),
  check: (expression: string) => api.post<CheckResult>('/rules/check', { expression }),
}

export const referenceSets = {
  list: async () => (await api.get<{ reference_sets: ReferenceSet[] }>('/reference-sets')).reference_sets,
  put: async (name: string, description: string, items: string[]) =>
    (
      await request<{ reference_set: ReferenceSet }>('PUT', `/reference-sets/${encodeURIComponent(name)}`, {
        body: { description, items },
      })
    ).reference_set,
  remove: (name: string) => request<{ deleted: string }>('DELETE', `/reference-sets/${encodeURIComponent(name)}`),
}
