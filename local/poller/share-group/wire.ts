/**
 * The primitive types of Kafka's flexible protocol versions (KIP-482): big-endian integers,
 * unsigned varints, compact strings and arrays (length + 1, 0 for null), UUIDs and tagged fields.
 * The share-group APIs are flexible in every version, so nothing here speaks the older forms.
 */
export class Writer {
  private readonly chunks: Buffer[] = [];

  private push(size: number, write: (buffer: Buffer) => void): this {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.chunks.push(buffer);
    return this;
  }

  int8(value: number): this {
    return this.push(1, (buffer) => buffer.writeInt8(value));
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    return this.push(2, (buffer) => buffer.writeInt16BE(value));
  }

  int32(value: number): this {
    return this.push(4, (buffer) => buffer.writeInt32BE(value));
  }

  int64(value: bigint | number): this {
    return this.push(8, (buffer) => buffer.writeBigInt64BE(BigInt(value)));
  }

  unsignedVarint(value: number): this {
    const bytes: number[] = [];
    let rest = value >>> 0;
    while (rest >= 0x80) {
      bytes.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    bytes.push(rest);
    this.chunks.push(Buffer.from(bytes));
    return this;
  }

  /** A UUID as Kafka sends it: 16 bytes; `topicIdOf` / `uuidText` convert from and to text. */
  uuid(value: Buffer): this {
    if (value.length !== 16) throw new Error(`a UUID is 16 bytes, not ${value.length}`);
    this.chunks.push(value);
    return this;
  }

  compactString(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    this.unsignedVarint(bytes.length + 1);
    this.chunks.push(bytes);
    return this;
  }

  compactNullableString(value: string | null): this {
    return value === null ? this.unsignedVarint(0) : this.compactString(value);
  }

  compactArray<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.unsignedVarint(items.length + 1);
    for (const item of items) writeItem(this, item);
    return this;
  }

  compactNullableArray<T>(items: readonly T[] | null, writeItem: (writer: this, item: T) => void): this {
    return items === null ? this.unsignedVarint(0) : this.compactArray(items, writeItem);
  }

  /** No tagged fields: the poller sets none of the optional ones. */
  emptyTaggedFields(): this {
    return this.unsignedVarint(0);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export class Reader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  private take(size: number): number {
    if (this.offset + size > this.buffer.length) throw new ProtocolError(`a response ended ${this.offset + size - this.buffer.length} byte(s) short`);
    const at = this.offset;
    this.offset += size;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  int64(): bigint {
    return this.buffer.readBigInt64BE(this.take(8));
  }

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      const byte = this.buffer.readUInt8(this.take(1));
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
    }
    throw new ProtocolError('a varint runs longer than 5 bytes');
  }

  uuid(): Buffer {
    const at = this.take(16);
    return Buffer.from(this.buffer.subarray(at, at + 16));
  }

  bytes(size: number): Buffer {
    const at = this.take(size);
    return this.buffer.subarray(at, at + size);
  }

  compactNullableString(): string | null {
    const length = this.unsignedVarint();
    return length === 0 ? null : this.bytes(length - 1).toString('utf8');
  }

  compactString(): string {
    const value = this.compactNullableString();
    if (value === null) throw new ProtocolError('a string that may not be null was null');
    return value;
  }

  compactNullableBytes(): Buffer | null {
    const length = this.unsignedVarint();
    return length === 0 ? null : this.bytes(length - 1);
  }

  compactArray<T>(readItem: (reader: this) => T): T[] {
    const length = this.unsignedVarint();
    if (length === 0) throw new ProtocolError('an array that may not be null was null');
    return Array.from({ length: length - 1 }, () => readItem(this));
  }

  /** Skips them: none of the tagged fields of these versions matters to the poller. */
  taggedFields(): void {
    const count = this.unsignedVarint();
    for (let index = 0; index < count; index += 1) {
      this.unsignedVarint();
      this.bytes(this.unsignedVarint());
    }
  }

  get remaining(): number {
    return this.buffer.length - this.offset;
  }
}

/** Kafka's text form of a UUID (a topic or member id): URL-safe base64 without padding. */
export function uuidText(uuid: Buffer): string {
  return uuid.toString('base64url');
}

export function uuidOf(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 16) throw new Error(`${text} is not a Kafka UUID`);
  return bytes;
}
