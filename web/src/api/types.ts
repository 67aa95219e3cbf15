// Shapes of the guomen HTTP API (/api/v1) as the web UI uses them.
// Keep in step with docs/ (OpenAPI) and src/http/.

export type Role =
  | 'officer'
  | 'secondary_officer'
  | 'analyst'
  | 'investigator'
  | 'command'
  | 'supervisor'
  | 'auditor'
  | 'admin'
  | 'carrier'
  | 'partner'

export const ALL_ROLES: readonly Role[] = [
  'officer',
  'secondary_officer',
  'analyst',
  'investigator',
  'command',
  'supervisor',
  'auditor',
  'admin',
  'carrier',
  'partner',
]

export interface User {
  id: number
  username: string
  display_name: string
  unit_id: number
  unit_name: string
  unit_name_en: string
  roles: string[]
  disabled: boolean
  locked: boolean
  created_at: string
}

export interface SessionResponse {
  user: User
  csrf_token: string
}

export type UnitKind = 'ministry' | 'province' | 'prefecture' | 'county' | 'port' | 'station'

export const UNIT_KINDS: readonly UnitKind[] = [
  'ministry',
  'province',
  'prefecture',
  'county',
  'port',
  'station',
]

export interface Unit {
  id: number
  parent_id: number | null
  code: string
  name: string
  name_en: string
  kind: UnitKind | string
}

export interface NewUnit {
  parent_id: number | null
  code: string
  name: string
  name_en: string
  kind: UnitKind
}

export interface NewUser {
  username: string
  display_name: string
  password: string
  unit_id: number
  roles: Role[]
}

export interface AuditEvent {
  id: number
  time: string
  user_id: number | null
  username: string
  unit_id: number | null
  action: string
  object_type: string
  object_id: string | number | null
  purpose: string | null
  source: string
  result: string
  hash: string
}

export interface AuditQuery {
  username?: string
  action?: string
  object_type?: string
  result?: string
  from?: string
  to?: string
  limit?: number
  before_id?: number
}

export interface AuditPage {
  events: AuditEvent[]
  next_before_id: number | null
}

export interface AuditVerification {
  ok: boolean
  events_checked: number
  first_bad_id: number | null
  message: string
}

export interface Traveller {
  id: number
  surname: string
  given_names: string
  nationality: string
  birth_date: string
  sex: string
  document_type: string
  document_number: string
  issuing_state: string
  unit_id: number
}

/** The body of every error response: {"error":{code,message,field?}}. */
export interface ErrorBody {
  error: {
    code: string
    message: string
    field?: string
    retry_after?: number
  }
}

// --- travel documents (POST /documents/mrz; docs/documents.md) ---

export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB'

/** A check digit: computed (expected) against printed (found), at line/column (1-based). */
export interface MrzCheckDigit {
  field: string
  expected: string
  found: string
  ok: boolean
  line: number
  column: number
}

/** A finding: line and column are 1-based in `lines`, 0 when it concerns the whole zone. */
export interface MrzIssue {
  line: number
  column: number
  field: string
  code: string
  message: string
}

export interface MrzNormalization {
  line: number
  code: string
  message: string
}

export interface MrzChecks {
  expired: boolean
  expiring: boolean
  days_to_expiry: number | null
  under_18: boolean
  age: number | null
}

/** The parsed document (http::MrzToJson), returned even when it is not valid. */
export interface MrzDocument {
  valid: boolean
  format: MrzFormat
  document_code: string
  issuing_state: string
  surname: string
  given_names: string
  document_number: string
  nationality: string
  birth_date: string
  birth_date_iso: string | null
  sex: string
  expiry_date: string
  expiry_date_iso: string | null
  optional_data: string[]
  check_digits: MrzCheckDigit[]
  warnings: MrzIssue[]
  errors: MrzIssue[]
  name_truncated: boolean
  normalizations: MrzNormalization[]
  checks: MrzChecks
  /** The normalised MRZ lines the positions refer to. */
  lines: string[]
}
