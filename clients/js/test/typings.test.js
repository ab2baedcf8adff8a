// The .d.ts files must describe the package as it is: test/types/usage.ts, written as an app
// would use every entry point, has to compile with `tsc --noEmit` (strict), and its
// @ts-expect-error lines have to fail, so typings that drifted from the runtime fail here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

test('the typings compile against an app using every entry point', { timeout: 120000 }, async () => {
  const { code, output } = await new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', 'test/types/tsconfig.json'], { cwd: packageDir },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, output: stdout + stderr }));
  });
  assert.equal(code, 0, `tsc found errors:\n${output}`);
});
