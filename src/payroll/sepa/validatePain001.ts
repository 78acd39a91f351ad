import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { ConfigError } from '../../errors/BaseError.js';

export type ValidatePain001Options = {
  /** The XSD to validate against; `pain.001.001.03.xsd` of the shared data folder by default (see below). */
  schemaFile?: string | undefined;
};

export type ValidatePain001ReturnType = {
  valid: boolean;
  /** libxml2's messages, each with the line of the document it concerns (`line 12: Element 'IBAN': …`). */
  errors: string[];
};

// The shared data folder sits beside the repository (`../shared/data` from its root), both in a developer's
// checkout and in CI's fresh clone; TANDEM_SHARED_DATA points elsewhere when it does not.
const schemaInSharedData = 'iso20022/pain.001.001.03.xsd';
const schemaTexts = new Map<string, Promise<string>>();

/** The default schema file: `$TANDEM_SHARED_DATA/iso20022/…`, else `../shared/data/iso20022/…` beside the repo. */
export function defaultPain001SchemaFile(): string {
  const sharedData = process.env.TANDEM_SHARED_DATA;
  if (sharedData) return `${sharedData.replace(/\/+$/, '')}/${schemaInSharedData}`;
  return fileURLToPath(new URL(`../../../../shared/data/${schemaInSharedData}`, import.meta.url));
}

/**
 * Validates a SEPA credit-transfer file against the ISO 20022 `pain.001.001.03` schema with libxml2 (compiled to
 * WebAssembly, run in a worker thread). A document the schema refuses gives `valid: false` and the reasons; a
 * missing schema file throws ConfigError.
 * @example const { valid, errors } = await validatePain001(writePain001(input))
 */
export async function validatePain001(
  xml: string,
  options: ValidatePain001Options = {},
): Promise<ValidatePain001ReturnType> {
  const schemaFile = options.schemaFile ?? defaultPain001SchemaFile();
  let schemaText = schemaTexts.get(schemaFile);
  if (!schemaText) {
    if (!existsSync(schemaFile))
      throw new ConfigError('The pain.001.001.03 schema file is missing.', {
        details: `${schemaFile} does not exist; set TANDEM_SHARED_DATA to the shared data folder.`,
      });
    schemaText = readFile(schemaFile, 'utf8');
    schemaTexts.set(schemaFile, schemaText);
  }
  // xmllint copies document and schema into WebAssembly memory; a 1,000-line file is about 600 kB, so 32 MiB
  // (the library's default ceiling) is tight for large runs and 512 MiB leaves room for any pay run.
  const result = await validateXML({
    xml: [{ fileName: 'pain001.xml', contents: xml }],
    schema: [{ fileName: 'pain.001.001.03.xsd', contents: await schemaText }],
    initialMemoryPages: 32 * memoryPages.MiB,
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  return {
    valid: result.valid,
    errors: result.errors.map((error) =>
      error.loc ? `line ${error.loc.lineNumber}: ${error.message}` : error.message || error.rawMessage,
    ),
  };
}
