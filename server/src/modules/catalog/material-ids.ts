import type { ItemMaterial } from '../../db/schema.js';
import type { TItemContent } from './schema.js';

type ListedMaterial = TItemContent['materials'][number];

const numberOf = (id: string) => Number(id.slice(1));
const idOf = (n: number) => `M${String(n).padStart(2, '0')}`;

/**
 * Gives every listed material its stable id (M01, M02 …). An id already written is kept; a
 * material written without one takes the id its namesake had in the item's previous list (an
 * editor or a spreadsheet that does not carry ids must not renumber what cases already point
 * at), else the next number never used in either list, so a removed material's id is not reused.
 */
export function numberMaterials(materials: ListedMaterial[], previous: readonly ItemMaterial[] = []): { materials: ItemMaterial[]; problems: string[] } {
  const problems: string[] = [];
  const taken = new Set<string>();
  for (const m of materials) {
    if (!m.id) continue;
    if (taken.has(m.id)) problems.push(`材料编号 ${m.id} 重复`);
    taken.add(m.id);
  }
  let next = Math.max(0, ...[...taken, ...previous.map((m) => m.id)].filter(Boolean).map(numberOf)) + 1;
  const numbered = materials.map((m): ItemMaterial => {
    if (m.id) return { ...m, id: m.id };
    const namesake = previous.find((p) => p.name === m.name && !taken.has(p.id));
    const id = namesake ? namesake.id : idOf(next++);
    taken.add(id);
    return { ...m, id };
  });
  return { materials: numbered, problems };
}
