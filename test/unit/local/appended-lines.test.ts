import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppendedLines } from '../../../local/appended-lines';

describe('AppendedLines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appended-lines-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns each complete line once, keeps a line still being written, and nothing before the file exists', () => {
    const file = path.join(dir, 'lines.jsonl');
    const lines = new AppendedLines(file);
    expect(lines.read()).toEqual([]);

    fs.writeFileSync(file, 'one\ntw');
    expect(lines.read()).toEqual(['one']);
    expect(lines.read()).toEqual([]);
    fs.appendFileSync(file, 'o\n\nthree\n');
    expect(lines.read()).toEqual(['two', 'three']);
  });

  it('joins a UTF-8 character split between two writes', () => {
    const file = path.join(dir, 'utf8.txt');
    const bytes = Buffer.from('héllo\n');
    fs.writeFileSync(file, bytes.subarray(0, 2));
    const lines = new AppendedLines(file);
    expect(lines.read()).toEqual([]);
    fs.appendFileSync(file, bytes.subarray(2));
    expect(lines.read()).toEqual(['héllo']);
  });
});
