import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * A file another process appends lines to, read a piece at a time: each `read()` returns only the
 * complete lines written since the last, so polling it costs what was added, not the whole file.
 */
export class AppendedLines {
  #offset = 0;
  #partial = '';
  readonly #decoder = new StringDecoder('utf8');

  constructor(readonly file: string) {}

  /** The complete, non-empty lines added since the last call; none while the file does not exist. */
  read(): string[] {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.#offset) return [];
      const chunk = Buffer.alloc(size - this.#offset);
      const bytesRead = fs.readSync(fd, chunk, 0, chunk.length, this.#offset);
      this.#offset += bytesRead;
      const lines = (this.#partial + this.#decoder.write(chunk.subarray(0, bytesRead))).split('\n');
      this.#partial = lines.pop() ?? '';
      return lines.filter(Boolean);
    } finally {
      fs.closeSync(fd);
    }
  }
}
