// Starts a real Lockstep server (app/target/lockstep.jar, built with Maven when missing) on a
// free port, and stops it after the tests.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const repoDir = path.resolve(packageDir, '../..');
// LOCKSTEP_JAR runs the tests against another build (e.g. of another branch).
const jar = process.env.LOCKSTEP_JAR ?? path.resolve(packageDir, '../../app/target/lockstep.jar');

function buildJarIfMissing() {
  if (existsSync(jar)) return;
  execFileSync('mvn', ['-B', '-q', '-DskipTests', 'package', '-pl', 'app', '-am'], { cwd: repoDir, stdio: 'inherit' });
}

async function waitForHealth(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Lockstep server did not become healthy');
}

/**
 * Starts a server with extra flags; resolves to { url, port, stop() }. With `cwd`, the server runs
 * there, and serves files in `<cwd>/webroot/` before those of the jar's webroot (Vert.x looks on
 * the file system first): how a test serves a page of its own from the server's origin.
 */
export async function startServer(flags = [], { cwd } = {}) {
  buildJarIfMissing();
  const child = spawn('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-jar', jar, '--port', '0', '--host', '127.0.0.1', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      const match = /listening on [^\s:]+:(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
    setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 90000).unref(); // generous: the machine is shared
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, Date.now() + 90000);
  return {
    url,
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
