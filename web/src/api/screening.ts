// Typed wrappers and types of the screening and watchlist endpoints
// (docs/openapi.yaml: /screen, /watchlists, /screening-results).

import { api, request } from './client'

export type ListKind = 'wanted' | 'entry_ban' | 'exit_ban' | 'sanctions' | 'lost_stolen_documents' | 'custom'
export type ListAction = 'arrest' | 'deny_entry' | 'deny_exit' | 'notify' | 'monitor'
export type ListFormat = 'csv' | 'ftm' | 'un' | 'ofac'

export interface Watchlist {
  id: number
  code: string
  name: string
  authority: string
  kind: ListKind
  action: ListAction
  threshold: number
  active: boolean
  current_version: number
  entry_count: number
  created_at: string
  updated_at: string
}

export interface NewWatchlist {
  code: string
  name: string
  authority: string
  kind: ListKind
  action: ListAction
  threshold?: number
}

export interface WatchlistVersion {
  version: number
  format: ListFormat
  source_version: string
  imported_by: string
  imported_at: string | null
  entry_count: number
  added: number
  changed: number
  removed: number
  issues: number
}

export interface WatchlistChange {
  entry_id: string
  change: 'added' | 'changed' | 'removed'
  primary_name: string
}

export interface WatchlistEntry {
  entry_id: string
  type: string
  names: { full: string; given: string; family: string; quality: string }[]
  birth_dates: string[]
  places_of_birth: string[]
  nationalities: string[]
  gender: string
  documents: { type: string; number: string; issuing_state: string }[]
  action: ListAction | null
  reason: string
  valid_until: string
  source_ref: string
}

export interface ImportBody {
  format: ListFormat
  content?: string
  files?: { sdn: string; alt?: string; comments?: string }
  keep_good_records?: boolean
}

export interface ImportOutcome {
  watchlist: Watchlist
  version: WatchlistVersion
  unchanged: boolean
  issues: { where: string; message: string; record_skipped: boolean }[]
  rescreen: {
    travellers_screened: number
    entries_screened: number
    new_results: number
    withdrawn_entries: number
    truncated: boolean
  }
}

export interface ExplanationFactor {
  factor: string
  query_value: string
  entry_value: string
  rule: string
  effect: number
  text_en: string
  text_zh: string
}

export interface ScreeningHit {
  list_id: number
  list_code: string
  list_name: string
  list_kind: ListKind
  action: ListAction
  entry_id: string
  entry_type: string
  matched_name: string
  name_quality: string
  query_name: string
  score: number
  name_score: number
  reason: string
  source_ref: string
  explanation: ExplanationFactor[]
  explanation_text: { en: string[]; 'zh-CN': string[] }
}

export interface ScreenQuery {
  name: string
  birth_date?: string
  nationality?: string
  document_number?: string
  gender?: string
  top?: number
}

export interface ScreeningResult {
  id: number
  traveller: {
    id: number
    unit_id: number
    surname: string
    given_names: string
    nationality: string
    birth_date: string
    document_number: string
  }
  list_id: number
  list_code: string
  list_name: string
  list_version: number
  entry_id: string
  matched_name: string
  score: number
  found_at: string
  status: 'new' | 'reviewed' | 'withdrawn'
  reviewed_at: string | null
}

/** POST /screen needs the purpose as a query parameter (audited). */
export const screen = (query: ScreenQuery, purpose: string) =>
  request<{ hits: ScreeningHit[] }>('POST', '/screen', { query: { purpose }, body: query })

export const watchlists = {
  list: async () => (await api.get<{ watchlists: Watchlist[] }>('/watchlists')).watchlists,
  create: async (list: NewWatchlist) => (await api.post<{ watchlist: Watchlist }>('/watchlists', list)).watchlist,
  update: async (id: number, change: Partial<Pick<Watchlist, 'name' | 'authority' | 'action' | 'threshold' | 'active'>>) =>
    (await request<{ watchlist: Watchlist }>('PATCH', `/watchlists/${id}`, { body: change })).watchlist,
  import: (id: number, body: ImportBody) => api.post<ImportOutcome>(`/watchlists/${id}/import`, body),
  versions: async (id: number) =>
    (await api.get<{ versions: WatchlistVersion[] }>(`/watchlists/${id}/versions`)).versions,
  diff: (id: number, version: number) =>
    api.get<{ version: WatchlistVersion; changes: WatchlistChange[] }>(`/watchlists/${id}/versions/${version}/diff`, {
      limit: 500,
    }),
  entries: async (id: number, q: string) =>
    (await api.get<{ entries: WatchlistEntry[] }>(`/watchlists/${id}/entries`, { q, limit: 100 })).entries,
}

export const screeningResults = {
  list: async (listId?: number) =>
    (await api.get<{ results: ScreeningResult[] }>('/screening-results', { list_id: listId, limit: 200 })).results,
  review: async (id: number) => (await api.post<{ result: ScreeningResult }>(`/screening-results/${id}/review`)).result,
}
