import fs from 'node:fs';
import path from 'node:path';

/** The page, built by build.mjs into dist/console: beside the bundle in the package, under dist/ from source. */
const ASSET_DIR = [path.join(__dirname, 'console'), path.join(__dirname, '../dist/console')].find((dir) => fs.existsSync(path.join(dir, 'index.html')));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** The file the URL path names among the page's assets; undefined for anything else. */
export function consoleAsset(urlPath: string): { body: Buffer; contentType: string } | 'not-built' | undefined {
  const name = urlPath === '/' ? 'index.html' : urlPath.slice(1);
  if (!/^[a-z0-9-]+\.(html|js|css|map)$/.test(name)) return undefined;
  if (!ASSET_DIR) return 'not-built';
  const file = path.join(ASSET_DIR, name);
  if (!fs.existsSync(file)) return undefined;
  return { body: fs.readFileSync(file), contentType: TYPES[path.extname(name)]! };
}
