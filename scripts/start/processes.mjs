/* global AbortSignal */
// The child processes of `npm start`: each one named, its output passed through line by line (the
// last lines kept, to say why it stopped), its exit described in words.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** Lines of a child's output kept to explain its exit. */
const TAIL_LINES = 6;

/**
 * Spawns a named child with no stdin (a process manager or a container gives none) and its
 * stdout/stderr relayed to ours.
 * @param {string} name what the developer calls it: "the bot", "the provider's Playground"
 * @param {string} command
 * @param {string[]} args
 * @param {{ env: NodeJS.ProcessEnv, cwd: string }} options
 */
export function launch(name, command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const relay = (stream, out) =>
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      out.write(`${line}\n`);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    });
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  return { name, child, tail, exited };
}

/** "exited with code 1", "was killed by SIGKILL", "could not start (spawn … ENOENT)". */
export function describeExit({ code, signal, error }) {
  if (error) return `could not start (${error.message})`;
  if (signal) return `was stopped by ${signal}`;
  return `exited with code ${code}`;
}

/** True when nothing listens on the port, on the loopback address nor on every address. */
export async function portFree(port) {
  for (const host of ['127.0.0.1', undefined]) {
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', (error) => resolve(error.code !== 'EADDRINUSE' && error.code !== 'EACCES'));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

/** Polls a URL until it answers 2xx or the time is up. */
export async function waitForUrl(url, timeoutMs, isGivenUp = () => false) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !isGivenUp()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Resolves after the child exits, or sends SIGKILL when it has not within the grace time. */
export async function terminate(proc, graceMs) {
  const { child } = proc;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) {
      console.error(`start: ${proc.name} did not stop within ${graceMs / 1000} s; killing it`);
      child.kill('SIGKILL');
    }
  }, graceMs);
  await proc.exited;
  clearTimeout(timer);
}
