import crypto from 'node:crypto';

/**
 * An SM2 signature check written from GB/T 32918.2 alone (BigInt arithmetic and Node's own SM3),
 * sharing no code with the signer: the tests use it to show that the published public key and
 * the documented bytes verify without this project's crypto library. Test use only (not
 * constant-time, not fast).
 */
const P = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF');
const A = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC');
const B = BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93');
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
const GX = BigInt('0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7');
const GY = BigInt('0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0');

type Point = { x: bigint; y: bigint } | null;
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}
function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x && mod(p.y + q.y, P) === 0n) return null;
  const lambda = p.x === q.x && p.y === q.y ? mod((3n * p.x * p.x + A) * inverse(2n * p.y, P), P) : mod((q.y - p.y) * inverse(q.x - p.x, P), P);
  const x = mod(lambda * lambda - p.x - q.x, P);
  return { x, y: mod(lambda * (p.x - x) - p.y, P) };
}
function multiply(k: bigint, point: Point): Point {
  let result: Point = null;
  let addend = point;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}
const bytes32 = (v: bigint) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');

/** DER SEQUENCE { INTEGER r, INTEGER s } → r, s. */
function readDer(der: Buffer): { r: bigint; s: bigint } {
  let offset = 2 + (der[1]! & 0x80 ? der[1]! & 0x7f : 0);
  const integer = () => {
    if (der[offset] !== 0x02) throw new Error('not a DER INTEGER');
    const length = der[offset + 1]!;
    const value = BigInt(`0x${der.subarray(offset + 2, offset + 2 + length).toString('hex')}`);
    offset += 2 + length;
    return value;
  };
  return { r: integer(), s: integer() };
}

/** SM2 verification (GB/T 32918.2 §7) with SM3 and the signer ID, public key as 04 ‖ x ‖ y hex. */
export function referenceSm2Verify(message: Buffer, derSignature: Buffer, publicKeyHex: string, userId = '1234567812345678'): boolean {
  const key = Buffer.from(publicKeyHex, 'hex');
  const pub = { x: BigInt(`0x${key.subarray(1, 33).toString('hex')}`), y: BigInt(`0x${key.subarray(33, 65).toString('hex')}`) };
  const { r, s } = readDer(derSignature);
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  const z = crypto.createHash('sm3').update(Buffer.concat([entl, id, bytes32(A), bytes32(B), bytes32(GX), bytes32(GY), bytes32(pub.x), bytes32(pub.y)])).digest();
  const e = BigInt(`0x${crypto.createHash('sm3').update(Buffer.concat([z, message])).digest('hex')}`);
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const point = add(multiply(s, { x: GX, y: GY }), multiply(t, pub));
  return point !== null && mod(e + point.x, N) === r;
}
