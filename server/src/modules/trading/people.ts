import { maskIdentityNumber } from '../../util/mask.js';
import { sm3Hex } from './sm-crypto.js';

/**
 * A person is matched across enterprises, bids and the expert pool by the SM3 of their ID number
 * (with a fixed domain prefix), never by the number itself, which is not stored.
 */
export function personKey(identityNumber: string): string {
  return sm3Hex(`onewindow-trading-person:${identityNumber.trim().toUpperCase()}`);
}

export function personRecord(person: { name: string; identityNumber: string }) {
  return { name: person.name, idHash: personKey(person.identityNumber), idMasked: maskIdentityNumber(person.identityNumber.trim().toUpperCase()) ?? '' };
}
