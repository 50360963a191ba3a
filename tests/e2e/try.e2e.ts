/**
 * "Try it in one command" (#29): `npm run try` and `npm run try:firefox` start
 * the system's browser with the built extension on the demo page. `--check`
 * runs the same launch headless and exits once the browser reports the
 * extension and the page loaded (scripts/try.ts).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const run = promisify(execFile);

test('npm run try opens Chromium with the extension loaded on the demo page', async () => {
  const { stdout } = await run('npx', ['tsx', 'scripts/try.ts', '--check'], { timeout: 80_000 });
  expect(stdout).toMatch(/^ok: Chromium loaded \.output\/chrome-mv3 and http:\/\/127\.0\.0\.1:\d+\//m);
});

test('npm run try:firefox opens Firefox with the add-on installed on the demo page', async () => {
  const { stdout } = await run('npx', ['tsx', 'scripts/try.ts', '--firefox', '--check'], { timeout: 80_000 });
  expect(stdout).toMatch(/^ok: Firefox installed \.output\/firefox-mv3 as a temporary add-on and loaded http:\/\/127\.0\.0\.1:\d+\//m);
});

test('npm run try and try:firefox without a display say so, and how to try anyway, instead of failing silently', async () => {
  const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
  for (const [args, browser, command] of [
    [['scripts/try.ts'], 'Chromium', 'npm run try'],
    [['scripts/try.ts', '--firefox'], 'Firefox', 'npm run try:firefox'],
  ] as const) {
    const failed = await run('npx', ['tsx', ...args], { timeout: 30_000, env }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`${command}: ${browser} needs a display to open its window, and this session has none`);
    expect(failed?.stderr).toContain(`xvfb-run, or as \`${command} -- --check\``);
  }
});
