/**
 * The Chrome Web Store has no public validator like Mozilla's addons-linter;
 * these are the checks its upload and Chrome's loader make on a manifest that
 * a typo could break (keys, types, files, limits), plus ours: every permission
 * the package asks for is justified in the README's permissions table.
 * Sources: developer.chrome.com/docs/extensions/reference/manifest (keys,
 * `version`, `commands`, `permissions`), and the store's 75/132-character limits
 * on name and description.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Manifest keys Chrome reads in MV3 (others are ignored with a warning, i.e. a typo). */
const CHROME_KEYS = new Set([
  'manifest_version',
  'name',
  'version',
  'description',
  'icons',
  'default_locale',
  'action',
  'background',
  'commands',
  'content_scripts',
  'content_security_policy',
  'host_permissions',
  'optional_host_permissions',
  'permissions',
  'optional_permissions',
  'minimum_chrome_version',
  'options_ui',
  'options_page',
  'web_accessible_resources',
  'message_serialization',
  'short_name',
  'homepage_url',
  'author',
]);

/** Chrome's API permissions (developer.chrome.com/docs/extensions/reference/permissions-list), the ones an extension like ours could ask for. */
const CHROME_PERMISSIONS = new Set([
  'activeTab',
  'alarms',
  'contextMenus',
  'declarativeNetRequest',
  'declarativeNetRequestWithHostAccess',
  'declarativeNetRequestFeedback',
  'downloads',
  'offscreen',
  'scripting',
  'storage',
  'tabs',
  'unlimitedStorage',
  'webNavigation',
  'webRequest',
]);

const MODIFIERS = new Set(['Alt', 'Ctrl', 'Command', 'MacCtrl', 'Shift']);
const KEYS = /^([A-Z0-9]|Comma|Period|Home|End|PageUp|PageDown|Space|Insert|Delete|Up|Down|Left|Right|F([1-9]|1[0-2]))$/;

type Json = Record<string, unknown>;

function messages(dir: string, locale: string): Record<string, { message: string }> {
  const file = path.join(dir, '_locales', locale, 'messages.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { message: string }>) : {};
}

/** A `__MSG_key__` string in the default locale, or the string itself. */
function localized(dir: string, locale: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const key = /^__MSG_(\w+)__$/.exec(value)?.[1];
  return key ? messages(dir, locale)[key]?.message : value;
}

/** A Chrome shortcut: one or two modifiers, one of them Ctrl or Alt (Chrome refuses Shift alone), then one key. */
export function shortcutProblem(shortcut: string): string | null {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  if (!KEYS.test(key)) return `"${shortcut}": ${key} is not a key Chrome accepts`;
  if (parts.length < 1 || parts.length > 2 || !parts.every((m) => MODIFIERS.has(m)))
    return `"${shortcut}": expected one or two of ${[...MODIFIERS].join(', ')} before the key`;
  if (!parts.some((m) => m === 'Ctrl' || m === 'Alt' || m === 'Command' || m === 'MacCtrl'))
    return `"${shortcut}": Chrome needs Ctrl or Alt in a shortcut`;
  return null;
}

function fileProblems(dir: string, manifest: Json): string[] {
  const files: string[] = [];
  const icons = (manifest.icons ?? {}) as Record<string, string>;
  const action = (manifest.action ?? {}) as { default_popup?: string; default_icon?: Record<string, string> };
  files.push(...Object.values(icons), ...Object.values(action.default_icon ?? {}));
  if (action.default_popup) files.push(action.default_popup);
  const background = (manifest.background ?? {}) as { service_worker?: string };
  if (background.service_worker) files.push(background.service_worker);
  const options = (manifest.options_ui ?? {}) as { page?: string };
  if (options.page) files.push(options.page);
  for (const script of (manifest.content_scripts ?? []) as { js?: string[]; css?: string[] }[])
    files.push(...(script.js ?? []), ...(script.css ?? []));
  return files.filter((f) => !existsSync(path.join(dir, f))).map((f) => `names ${f}, which the package lacks`);
}

function iconProblems(dir: string, manifest: Json): string[] {
  const problems: string[] = [];
  for (const [size, file] of Object.entries((manifest.icons ?? {}) as Record<string, string>)) {
    const png = path.join(dir, file);
    if (!existsSync(png)) continue;
    const bytes = readFileSync(png);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    if (bytes.toString('latin1', 1, 4) !== 'PNG' || width !== Number(size) || height !== Number(size))
      problems.push(`icon ${size}: expected a ${size}×${size} PNG, found ${width}×${height}`);
  }
  if (!('128' in ((manifest.icons ?? {}) as object))) problems.push('icons: the store needs a 128×128 icon');
  return problems;
}

function permissionProblems(manifest: Json, readme: string): string[] {
  const problems: string[] = [];
  const permissions = (manifest.permissions ?? []) as string[];
  for (const p of permissions) {
    if (!CHROME_PERMISSIONS.has(p)) problems.push(`permission "${p}" is not one Chrome knows`);
    // A row of the README's permissions table: | `name` | why |
    if (!new RegExp(`^\\|\\s*\`${p}\`\\s*\\|\\s*\\S`, 'm').test(readme))
      problems.push(`permission "${p}" has no row in the README's table`);
  }
  if (((manifest.host_permissions ?? []) as string[]).length) problems.push('host_permissions: no host access may be asked at install');
  for (const host of (manifest.optional_host_permissions ?? []) as string[])
    if (host === '<all_urls>' && !/optional: access to all sites/.test(readme))
      problems.push('optional <all_urls> is not justified in the README');
  return problems;
}

function commandProblems(manifest: Json): string[] {
  const commands = Object.entries(
    (manifest.commands ?? {}) as Record<string, { suggested_key?: Record<string, string>; description?: string }>,
  );
  const withKeys = commands.filter(([, c]) => c.suggested_key);
  const problems = withKeys.length > 4 ? [`commands: ${withKeys.length} suggested keys, Chrome allows 4`] : [];
  for (const [name, command] of commands) {
    if (!command.description) problems.push(`command ${name} has no description`);
    for (const key of Object.values(command.suggested_key ?? {})) {
      const problem = shortcutProblem(key);
      if (problem) problems.push(`command ${name}: ${problem}`);
    }
  }
  return problems;
}

/** Every problem found with the Chrome package in `dir`; empty when it is sound. */
export function chromeManifestProblems(dir: string, readme: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Json;
  const locale = typeof manifest.default_locale === 'string' ? manifest.default_locale : 'en';
  const problems: string[] = [];
  for (const key of Object.keys(manifest)) if (!CHROME_KEYS.has(key)) problems.push(`"${key}" is not a Chrome MV3 manifest key`);
  if (manifest.manifest_version !== 3) problems.push(`manifest_version: expected 3, found ${String(manifest.manifest_version)}`);
  const version = String(manifest.version ?? '');
  if (!/^\d+(\.\d+){0,3}$/.test(version) || version.split('.').some((n) => Number(n) > 65535 || /^0\d/.test(n)))
    problems.push(`version: expected 1 to 4 dot-separated integers of at most 65535, found "${version}"`);
  const name = localized(dir, locale, manifest.name);
  if (!name || name.length > 75) problems.push(`name: expected 1 to 75 characters, found ${JSON.stringify(name)}`);
  const description = localized(dir, locale, manifest.description);
  if (!description || description.length > 132)
    problems.push(`description: expected 1 to 132 characters, found ${JSON.stringify(description)}`);
  if (!/^\d+(\.\d+){0,3}$/.test(String(manifest.minimum_chrome_version ?? '')))
    problems.push('minimum_chrome_version: expected a version number');
  const csp = ((manifest.content_security_policy ?? {}) as { extension_pages?: string }).extension_pages ?? '';
  if (/https?:|'unsafe-eval'|'unsafe-inline'/.test(csp)) problems.push(`content_security_policy allows remote or eval'd code: ${csp}`);
  return [
    ...problems,
    ...fileProblems(dir, manifest),
    ...iconProblems(dir, manifest),
    ...permissionProblems(manifest, readme),
    ...commandProblems(manifest),
  ];
}
