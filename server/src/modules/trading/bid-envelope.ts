import { fromUtf8, randomHex, sealTo, signRecord, sm3Hex, sm4Decrypt, sm4Encrypt, toHex, unseal, utf8, fromHex } from './sm-crypto.js';

/**
 * The bidder's side of a sealed bid (投标文件加密), run in the bidder's client — the web page or
 * a bidding tool — never on the server. Pure: Node and the browser run the same code.
 *
 * 1. A fresh SM4 content key encrypts the bid file (JSON below).
 * 2. The content key is sealed with SM2 to the bidder's own certificate key: only the holder of
 *    that private key (the bidder's CA lock) can open it, and only the bidder decrypts at the
 *    opening (远程解密). The server holds ciphertext it has no key for.
 * 3. The bidder signs (SM2) the project, lot and both digests with its certificate key.
 */
export interface BidContent {
  /** 投标报价, yuan. */
  price: number;
  /** 工期 / 交货期, days. */
  durationDays: number;
  /** 技术标 text (its SM3 is the document fingerprint the risk rules compare). */
  technical: string;
  /** The bidding tool's machine code (hardware fingerprint) where the file was made. */
  machineCode: string;
  /** 投标保证金 paid from this account. */
  depositAccount: string;
  /** 项目负责人 and key staff named in the bid. */
  personnel: { name: string; identityNumber: string; role: string }[];
}

export interface SealedBid {
  lotId: number;
  ciphertext: string;
  iv: string;
  sealedKey: string;
  ciphertextSm3: string;
  plaintextSm3: string;
  signature: string;
}

/** What the bidder's signature covers. */
export function bidSignedRecord(projectId: string, bid: Pick<SealedBid, 'lotId' | 'ciphertextSm3' | 'plaintextSm3'>) {
  return { purpose: 'bid', projectId, lotId: bid.lotId, ciphertextSm3: bid.ciphertextSm3, plaintextSm3: bid.plaintextSm3 };
}

export function sealBid(options: { projectId: string; lotId: number; content: BidContent; publicKey: string; privateKey: string }): SealedBid & { contentKey: string } {
  // A random nonce makes the plaintext digest useless for guessing prices.
  const plaintext = utf8(JSON.stringify({ ...options.content, nonce: randomHex(16) }));
  const contentKey = randomHex(16);
  const iv = randomHex(16);
  const cipher = sm4Encrypt(plaintext, contentKey, iv);
  const sealed = {
    lotId: options.lotId,
    ciphertext: toHex(cipher),
    iv,
    sealedKey: sealTo(options.publicKey, contentKey),
    ciphertextSm3: sm3Hex(cipher),
    plaintextSm3: sm3Hex(plaintext),
  };
  return { ...sealed, signature: signRecord(bidSignedRecord(options.projectId, sealed), options.privateKey), contentKey };
}

/** At the opening the bidder opens its sealed content key with its private key and hands it over. */
export function openContentKey(sealedKey: string, privateKey: string): string | null {
  return unseal(sealedKey, privateKey);
}

/** Decrypts a bid file with its content key; null when the key does not fit or the digest differs. */
export function decryptBidFile(ciphertextHex: string, iv: string, contentKey: string, plaintextSm3: string): BidContent | null {
  const plain = sm4Decrypt(fromHex(ciphertextHex), contentKey, iv);
  if (!plain || sm3Hex(plain) !== plaintextSm3) return null;
  try {
    return JSON.parse(fromUtf8(plain)) as BidContent;
  } catch {
    return null;
  }
}
