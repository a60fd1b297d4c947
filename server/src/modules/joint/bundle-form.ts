import type { FormField, ItemMaterial } from '../../db/schema.js';

/** One member item of a bundle as the joint module sees it. */
export interface BundleMember {
  itemId: number;
  itemName: string;
  itemCode: string;
  departmentId: number;
  departmentName: string;
  required: boolean;
  /** An optional member applies when the one form's field has this value. */
  condition: { field: string; value: string } | null;
  /** {itemFieldKey: bundleFieldKey} */
  fieldMap: Record<string, string>;
  formFields: FormField[];
  materials: ItemMaterial[];
  promisedLimitDays: number;
  promisedLimitUnit: string;
}

/**
 * Which members an application covers: every required one, and each optional one whose condition
 * the form meets or that the applicant ticked ("if the applicant sells food: 食品经营许可").
 */
export function selectMembers(members: BundleMember[], formData: Record<string, unknown>, chosen: readonly number[] = []): BundleMember[] {
  return members.filter((m) => {
    if (m.required) return true;
    if (chosen.includes(m.itemId)) return true;
    return m.condition !== null && String(formData[m.condition.field] ?? '') === m.condition.value;
  });
}

/**
 * 一表通: the member item's own form filled from the one form. A field asked once feeds every
 * item that needs it: the item's key is read from its mapped bundle key, or the same key.
 */
export function itemFormData(member: Pick<BundleMember, 'fieldMap' | 'formFields'>, formData: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of member.formFields) {
    const value = formData[member.fieldMap[field.key] ?? field.key];
    if (value !== undefined && value !== null && value !== '') out[field.key] = value;
  }
  return out;
}

/**
 * The combined material list: a material several members need (same name) is listed, and
 * uploaded, once, naming every item it serves.
 */
export function combinedMaterials(members: BundleMember[]): { name: string; requirement: ItemMaterial['requirement']; itemNames: string[] }[] {
  const byName = new Map<string, { name: string; requirement: ItemMaterial['requirement']; itemNames: string[] }>();
  for (const m of members) {
    for (const material of m.materials) {
      const entry = byName.get(material.name);
      if (entry) {
        if (!entry.itemNames.includes(m.itemName)) entry.itemNames.push(m.itemName);
        // Required by any member means required for the bundle.
        if (material.requirement === 'required') entry.requirement = 'required';
      } else {
        byName.set(material.name, { name: material.name, requirement: material.requirement, itemNames: [m.itemName] });
      }
    }
  }
  return [...byName.values()];
}

/** How many forms the one form replaces, and how many questions it saves (一表通's "15 → 1"). */
export function formSavings(bundleFields: FormField[], members: BundleMember[]): { forms: number; questionsAsked: number; questionsReplaced: number } {
  return {
    forms: members.filter((m) => m.formFields.length > 0).length,
    questionsAsked: bundleFields.length,
    questionsReplaced: members.reduce((n, m) => n + m.formFields.length, 0),
  };
}
