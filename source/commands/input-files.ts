// The files the user names with --params and --catalog, read and checked the same way by every command. Messages
// start with the flag and the file (`--params params.json: [3].ParameterValue must be ...`); errors carry exit 2.
import {defaultCatalog, loadCatalog, type Catalog} from '../panther/catalog.js';
import {parseParamsFile} from '../panther/params-file.js';
import {MAX_PARAMS_FILE_BYTES} from '../panther/params-file-schema.js';
import {InputError} from '../errors.js';
import {readUserFile} from './context.js';

export async function readParamsFlag(path: string): Promise<Record<string, string>> {
  return parseParamsFile(await readUserFile(path, '--params', MAX_PARAMS_FILE_BYTES), `--params ${path}`);
}

/** The built-in catalog, extended by the --catalog file when one is named. */
export async function readCatalogFlag(path: string | undefined): Promise<Catalog> {
  if (!path) return defaultCatalog();
  const text = await readUserFile(path, '--catalog', MAX_CATALOG_BYTES);
  if (Buffer.byteLength(text) > MAX_CATALOG_BYTES)
    throw new InputError(`--catalog ${path} is larger than 1 MB: a catalog lists version numbers; check it is the right file.`);
  return loadCatalog(text, defaultCatalog(), `--catalog ${path}`);
}

/** A catalog is a list of version numbers: a few kilobytes. A file far past that (/dev/zero) is never read whole. */
const MAX_CATALOG_BYTES = 1024 * 1024;
