// Helpers over the flat unit list from GET /units: tree order for selects,
// a nested tree for el-tree, and the unit name in the UI language.

import type { Unit } from '../api/types'

export interface UnitOption {
  unit: Unit
  depth: number
}

export interface UnitNode {
  unit: Unit
  children: UnitNode[]
}

/** Picks the unit name for the UI language (English falls back to Chinese). */
export function unitName(
  unit: { name?: string; name_en?: string; unit_name?: string; unit_name_en?: string },
  locale: string,
): string {
  const zh = unit.name ?? unit.unit_name ?? ''
  const en = unit.name_en ?? unit.unit_name_en ?? ''
  return locale === 'en' ? en || zh : zh || en
}

/**
 * Builds the unit forest. Units whose parent is missing from the list are
 * treated as roots, so a partial list still shows every unit. Siblings are
 * ordered by code.
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>()
  for (const unit of units) nodes.set(unit.id, { unit, children: [] })
  const roots: UnitNode[] = []
  for (const node of nodes.values()) {
    const parentId = node.unit.parent_id
    const parent = parentId === null ? undefined : nodes.get(parentId)
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  const byCode = (a: UnitNode, b: UnitNode) => a.unit.code.localeCompare(b.unit.code)
  const sort = (list: UnitNode[]) => {
    list.sort(byCode)
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}

/** The units in depth-first tree order with their depth (root = 0). */
export function flattenUnitTree(roots: readonly UnitNode[]): UnitOption[] {
  const out: UnitOption[] = []
  const walk = (list: readonly UnitNode[], depth: number) => {
    for (const node of list) {
      out.push({ unit: node.unit, depth })
      walk(node.children, depth + 1)
    }
  }
  walk(roots, 0)
  return out
}
