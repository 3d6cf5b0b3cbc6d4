/**
 * JSON as EventBridge-style filtering sees it. AWS compares numbers in exact matches by their
 * text ("300, 300.0 and 3.0e2 are not considered equal"), which `JSON.parse` cannot tell apart,
 * so numbers keep the text they were written with.
 */
export class JsonNumber {
  readonly value: number;

  constructor(readonly text: string) {
    this.value = Number(text);
  }
}

export type JsonLeaf = null | boolean | string | JsonNumber;
export type JsonValue = JsonLeaf | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

/** The value of `key` when the object has it as its own field (a key such as `constructor` included). */
export function fieldOf(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Parses JSON text, keeping each number's text. Throws `SyntaxError` for invalid JSON, like `JSON.parse`. */
export function parseJson(text: string): JsonValue {
  JSON.parse(text); // the reference for what is valid JSON; the reader below may then assume it
  return new ValidJsonReader(text).read();
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

class ValidJsonReader {
  private position = 0;

  constructor(private readonly text: string) {}

  read(): JsonValue {
    this.skipWhitespace();
    const char = this.text[this.position];
    if (char === '{') return this.readObject();
    if (char === '[') return this.readArray();
    if (char === '"') return this.readString();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    return this.readNumber();
  }

  private readObject(): JsonObject {
    const object: JsonObject = Object.create(null) as JsonObject;
    this.position += 1;
    while (this.nextSignificant() !== '}') {
      if (this.text[this.position] === ',') this.position += 1;
      this.skipWhitespace();
      const key = this.readString();
      this.nextSignificant(); // ':'
      this.position += 1;
      object[key] = this.read();
    }
    this.position += 1;
    return object;
  }

  private readArray(): JsonValue[] {
    const array: JsonValue[] = [];
    this.position += 1;
    while (this.nextSignificant() !== ']') {
      if (this.text[this.position] === ',') this.position += 1;
      array.push(this.read());
    }
    this.position += 1;
    return array;
  }

  private readString(): string {
    let end = this.position + 1;
    while (this.text[end] !== '"') end += this.text[end] === '\\' ? 2 : 1;
    const literal = this.text.slice(this.position, end + 1);
    this.position = end + 1;
    return JSON.parse(literal) as string;
  }

  private readNumber(): JsonNumber {
    NUMBER.lastIndex = this.position;
    const [text] = NUMBER.exec(this.text)!;
    this.position += text.length;
    return new JsonNumber(text);
  }

  private nextSignificant(): string | undefined {
    this.skipWhitespace();
    return this.text[this.position];
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.exec(this.text);
    this.position = WHITESPACE.lastIndex;
  }
}
