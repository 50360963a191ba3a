/**
 * Two complete languages, and no user-visible string outside them: every
 * locale has exactly the English keys with the same placeholders, every key
 * the manifest and the code name exists, and src/ui and src/page hold no prose
 * of their own (a TypeScript AST walk, so comments and CSS never count).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { badgeText } from '../../src/background/badge';
import { formatMessage, i18nFor, installI18n, localeNames, readLocale } from '../helpers/i18n';

const english = readLocale('en');
const placeholdersOf = (message: string) =>
  [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => (m[1] as string).toLowerCase()).sort();

describe('the locales', () => {
  it('ship English and at least one more language', () => {
    expect(localeNames()).toContain('en');
    expect(localeNames().length).toBeGreaterThanOrEqual(2);
  });

  for (const lang of localeNames())
    it(`${lang} has every key, non-empty, with the same placeholders as English`, () => {
      const file = readLocale(lang);
      expect(Object.keys(file).sort()).toEqual(Object.keys(english).sort());
      for (const [key, entry] of Object.entries(file)) {
        expect(entry.message.trim(), key).not.toBe('');
        expect(placeholdersOf(entry.message), key).toEqual(placeholdersOf((english[key] as { message: string }).message));
        for (const name of placeholdersOf(entry.message)) expect(entry.placeholders?.[name], `${lang}.${key}: $${name}$`).toBeDefined();
      }
    });

  it('German is really German, not English copied over', () => {
    const de = readLocale('de');
    const same = Object.keys(english).filter(
      (k) => de[k]?.message === english[k]?.message && !/^\W*\$?\w*\$?\W*(px)?$/.test(english[k]?.message ?? ''),
    );
    expect(same.filter((k) => k !== 'extName')).toEqual([]);
  });

  it('fills placeholders the way Chrome does', () => {
    expect(formatMessage(english.countDone, ['3'])).toBe('3 done');
    expect(i18nFor('de').getMessage('optionsRemoveSite', ['https://a.test'])).toBe('https://a.test entfernen');
  });

  it('the badge is short enough in every language', () => {
    for (const lang of localeNames()) {
      installI18n(lang);
      expect(badgeText(true, 0).length, lang).toBeLessThanOrEqual(4);
    }
    installI18n('en');
    expect(badgeText(false, 5)).toBe('');
    expect(badgeText(true, 12)).toBe('12');
    expect(badgeText(true, 12345)).toBe('999+');
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return filesUnder(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

describe('every key the extension names exists', () => {
  it('manifest __MSG_…__ keys', () => {
    const config = readFileSync('wxt.config.ts', 'utf8') + readFileSync('entrypoints/popup/index.html', 'utf8');
    const keys = [...config.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1] as string);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) expect(english[key], key).toBeDefined();
  });

  it("t('…') keys in the code", () => {
    const used = filesUnder('src').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\(\s*'(\w+)'/g)].map((m) => m[1] as string));
    expect(used.length).toBeGreaterThan(20);
    for (const key of used) expect(english[key], key).toBeDefined();
  });
});

/** Text a person could read, found by the AST: JSX text, readable JSX attributes, sentence-like literals. */
function hardCodedStrings(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const words = /[A-Za-zÀ-ÿ]{2,}/;
  const sentence = /^[A-Z][a-z']+(\s+[\w'’,.…()-]+){1,}[.!?…]?$/;
  // The reasons a picture is left as it is start in lower case: they follow "Brushwork leaves this image as it is: ".
  const reason = /\bleft as it is\b/;
  const readableAttributes = new Set(['aria-label', 'alt', 'title', 'placeholder', 'aria-valuetext', 'aria-description']);
  const isErrorArgument = (node: ts.Node) => {
    // Messages of thrown errors go to the console; the person reads the sentence for the error's kind.
    const call = node.parent;
    return ts.isNewExpression(call) && /Error$/.test(call.expression.getText());
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && words.test(node.text)) found.push(node.text.trim());
    else if (
      ts.isJsxAttribute(node) &&
      readableAttributes.has(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      words.test(node.initializer.text)
    )
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) &&
      (sentence.test(node.text) || reason.test(node.text)) &&
      !isErrorArgument(node)
    )
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.map((s) => `${path.relative('.', file)}: ${s}`);
}

describe('no hard-coded user-visible strings', () => {
  it('src/ui and src/page take every string a person reads from the locales', () => {
    const files = [...filesUnder('src/ui'), ...filesUnder('src/page'), 'src/background/context-menu.ts', 'src/background/badge.ts'];
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(hardCodedStrings)).toEqual([]);
  });

  it('the check finds JSX text, readable attributes and sentences (control)', () => {
    const file = path.join(import.meta.dirname, '..', 'helpers', 'hard-coded.fixture.tsx');
    expect(hardCodedStrings(file).map((s) => s.slice(s.indexOf(': ') + 2))).toEqual([
      'This image could not be read',
      'animated picture: left as it is (a reason)',
      'Hello there',
      'alt="A red barn"',
    ]);
  });
});
