// English texts of the advance-information pages (same keys as
// manifests.zh-CN.ts, which the type enforces).

import type { ManifestsMessages } from './manifests.zh-CN'

const manifestsEn: ManifestsMessages = {
  manifestsNav: {
    arrivals: 'Arrivals',
  },
  roles: {
    carrier: 'Carrier system',
  },
  arrivals: {
    title: 'Conveyances expected',
    date: 'Date',
    empty: 'No advance list for this day',
    arrival: 'Scheduled arrival',
    conveyance: 'Flight / voyage / train',
    port: 'Port',
    listType: 'List',
    persons: 'Persons',
    red: 'High risk',
    yellow: 'Medium risk',
    verdict: 'Message',
    open: 'Open',
  },
  manifest: {
    title: 'Manifest {transport}',
    riskList: 'Risk list',
    reconciliation: 'Reconciliation',
    versions: 'Versions',
    seq: 'No.',
    person: 'Person',
    role: 'Role',
    document: 'Document',
    level: 'Risk',
    reasons: 'Reasons',
    marks: 'Marks',
    defective: 'from a defective message',
    issues: 'Message issues',
    noReasons: 'none',
    arrived: 'Arrived',
    notArrived: 'Not arrived yet',
    crossed: 'Crossed',
    noShows: 'No-shows (on the list, not crossed)',
    notOnList: 'Crossed without being on the list',
    none: 'none',
    version: 'Version',
    received: 'Received',
    change: 'change message',
    personCount: 'Persons',
  },
  listType: {
    passenger: 'Passengers',
    crew: 'Crew',
    unknown: 'Unknown',
  },
  personRole: {
    passenger: 'Passenger',
    crew: 'Crew',
    in_transit: 'In transit',
    unknown: 'Unknown',
  },
  riskLevel: {
    unscreened: 'not screened',
    green: 'low',
    yellow: 'medium',
    red: 'high',
  },
  verdict: {
    valid: 'valid',
    valid_with_warnings: 'valid with warnings',
    invalid: 'invalid',
  },
  marks: {
    meet_at_gate: 'Meet at the gate',
    refer: 'Refer to secondary',
    notify_customs: 'Notify customs',
    notify_health: 'Notify health',
  },
}

export default manifestsEn
