import { config } from 'zod/mini';
import { en } from 'zod/locales';

/**
 * The functions validate with `zod/mini`, zod's tree-shakable build: each file imports it as
 * `* as z`, and the bundle keeps only the schemas and checks used, where classic zod's `z` pulls in
 * all of zod (444 KiB of each 785 KiB bundle, most of a cold start). Import this once, for its
 * effect: the English messages ("Too small: expected number to be >=100") classic zod loads itself.
 */
config(en());
