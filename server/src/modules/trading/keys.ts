import type { Executor } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { signAsDepartment, type SealSigner } from '../seals/service.js';
import { generateKeyPair, signRecord, verifyRecord } from './sm-crypto.js';

/**
 * Where the platform's own SM2 keys live: the demo certificate authority's and each centre's
 * signing key. `local` keeps them in the database (demo, test, training); a production install
 * puts an HSM or a remote signer behind the same two calls.
 */
export interface SigningProvider {
  publicKey(owner: string): Promise<string>;
  sign(owner: string, record: unknown): Promise<string>;
}

export function localSigner(db: Executor): SigningProvider {
  async function keyOf(owner: string) {
    const found = await db.selectFrom('trading_keys').selectAll().where('owner', '=', owner).executeTakeFirst();
    if (found) return found;
    const pair = generateKeyPair();
    // Two first uses at once: one insert wins, both read the winner.
    await db.insertInto('trading_keys').values({ owner, public_key: pair.publicKey, private_key: pair.privateKey }).onConflict((oc) => oc.doNothing()).execute();
    return db.selectFrom('trading_keys').selectAll().where('owner', '=', owner).executeTakeFirstOrThrow();
  }
  return {
    async publicKey(owner) {
      return (await keyOf(owner)).public_key;
    },
    async sign(owner, record) {
      const key = await keyOf(owner);
      if (!key.private_key) throw new Error(`no local private key for ${owner}`);
      return signRecord(record, key.private_key);
    },
  };
}

export const CA_OWNER = 'ca';
export const centreOwner = (centreId: number) => `centre:${centreId}`;

/**
 * The centre's signature on what it publishes (opening records, award notices, blacklist feeds).
 * The one function to change when the seals module's electronic seal takes over.
 */
export async function signAsCentre(db: Executor, centreId: number, record: unknown): Promise<{ signature: string; publicKey: string }> {
  const signer = localSigner(db);
  const owner = centreOwner(centreId);
  return { signature: await signer.sign(owner, record), publicKey: await signer.publicKey(owner) };
}

export async function verifyCentreSignature(db: Executor, centreId: number, record: unknown, signature: string): Promise<boolean> {
  return verifyRecord(record, signature, await localSigner(db).publicKey(centreOwner(centreId)));
}

/**
 * The centre's electronic seal (电子印章) on a record it issues with legal effect (中标通知书): the
 * active seal of the department the centre designated for trading (trading_centre_seals), over
 * the UTF-8 bytes of the record's canonical JSON — the same SM2/SM3 seal any licence carries, so
 * anyone verifies it with the published key.
 */
export async function sealAsCentre(db: Executor, signer: SealSigner, centreId: number, record: unknown) {
  const designated = await db.selectFrom('trading_centre_seals').select('department_id').where('centre_id', '=', centreId).executeTakeFirst();
  if (!designated) throw new AppError('INVALID_STATE', '交易中心尚未指定签发中标通知书的电子印章，请管理员设置');
  const signed = await signAsDepartment(db, signer, designated.department_id, [sealedBytes(record)]);
  return { seal: signed.seal, signedAt: signed.signedAt, signature: signed.signatures[0]!.toString('hex') };
}

/** Exactly the bytes the seal signs: the record's canonical JSON in UTF-8 (README "Public resource trading"). */
export const sealedBytes = (record: unknown) => Buffer.from(canonicalJson(record), 'utf8');
