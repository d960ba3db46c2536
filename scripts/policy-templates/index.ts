/**
 * Every policy template, generated from a catalogue: relative path → file
 * content. The CLI (`main.ts`) writes them; the tests parse them.
 */
import { LANGUAGES } from '../../shared/languages.ts';
import type { PolicyCatalog } from '../../shared/policy/types.ts';
import { ADML_LOCALES, buildAdml, buildAdmx } from './admx.ts';
import { buildMobileconfig, type MobileconfigOptions } from './apple.ts';
import { buildExamplePolicy, buildJsonSchema } from './linux.ts';

export interface TemplateOptions extends MobileconfigOptions {
  productVersion: string;
}

export const TEMPLATE_FILES = {
  admx: 'TeamSafeAdmin.admx',
  adml: (locale: string) => `${locale}/TeamSafeAdmin.adml`,
  mobileconfig: 'team-safe-admin.mobileconfig',
  schema: 'policy.schema.json',
  example: 'policy.json',
} as const;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function generatePolicyTemplates(catalog: PolicyCatalog, options: TemplateOptions): Map<string, string> {
  const files = new Map<string, string>();
  files.set(TEMPLATE_FILES.admx, buildAdmx(catalog));
  for (const language of LANGUAGES) {
    files.set(TEMPLATE_FILES.adml(ADML_LOCALES[language]), buildAdml(catalog, language, options));
  }
  files.set(TEMPLATE_FILES.mobileconfig, buildMobileconfig(catalog, options));
  files.set(TEMPLATE_FILES.schema, json(buildJsonSchema(catalog)));
  files.set(TEMPLATE_FILES.example, json(buildExamplePolicy(catalog)));
  return files;
}
