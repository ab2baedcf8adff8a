// The demo bundle in the server's webroot is committed (the Maven build needs no Node); this fails
// when it no longer matches the demo and SDK sources it is built from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { buildDemoBundle, BUNDLE_PATH } from '../scripts/demo-bundle.js';

test('the committed demo bundle is what `npm run build:demo` builds from the current sources', async () => {
  const committed = await readFile(BUNDLE_PATH, 'utf8');
  assert.ok(committed === (await buildDemoBundle()), 'app/src/main/resources/webroot/demo.js is stale: run `npm run build:demo` in clients/js and commit it');
});
