/**
 * The SSH wire encoding (RFC 4251 section 5) that public keys and SSHSIG signatures are written
 * in: big-endian uint32 lengths before byte strings and multiple-precision integers.
 */

/** Thrown for bytes that are not what the format says they must be. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/** Reads fields in order from one buffer; every read checks it stays inside the buffer. */
export class WireReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** A uint32. */
  uint32(): number {
    if (this.offset + 4 > this.bytes.length) throw new WireError('truncated: a length runs past the end');
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 4);
    this.offset += 4;
    return view.getUint32(0);
  }

  /** A length-prefixed byte string. */
  string(): Buffer {
    const length = this.uint32();
    if (this.offset + length > this.bytes.length) throw new WireError(`truncated: a field of ${length} bytes runs past the end`);
    const out = Buffer.from(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return out;
  }

  /** A length-prefixed string read as ASCII text (algorithm names, namespaces). */
  text(): string {
    return this.string().toString('latin1');
  }

  /** `n` raw bytes. */
  raw(n: number): Buffer {
    if (this.offset + n > this.bytes.length) throw new WireError('truncated');
    const out = Buffer.from(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return out;
  }

  /** An mpint as its unsigned big-endian magnitude (leading zero bytes removed); negatives are refused. */
  mpint(): Buffer {
    const bytes = this.string();
    if (bytes.length && (bytes[0]! & 0x80)) throw new WireError('a negative integer where a positive one belongs');
    let start = 0;
    while (start < bytes.length && bytes[start] === 0) start++;
    return bytes.subarray(start);
  }

  /** Throws unless every byte was read: trailing bytes would be data no one checked. */
  end(): void {
    if (this.offset !== this.bytes.length) throw new WireError(`${this.bytes.length - this.offset} unexpected bytes at the end`);
  }
}

/** Encodes byte strings and text as length-prefixed SSH strings, concatenated. */
export function wireStrings(...fields: (Uint8Array | string)[]): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) {
    const bytes = typeof field === 'string' ? Buffer.from(field, 'utf8') : Buffer.from(field);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}
