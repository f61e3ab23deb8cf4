import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BotProbe } from './bot-process.js';

/** Children still running; killed when the benchmark exits, however it exits. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A bot in a child process (Node with the tsx loader) that answers probes over IPC. */
export class BotChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(script: 'bot-process.ts' | 'echo-bot.ts', env: NodeJS.ProcessEnv): Promise<BotChild> {
    const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
      env,
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let early: ((code: number | null) => void) | undefined;
    const url = await new Promise<string>((resolve, reject) => {
      early = (code) => reject(new Error(`${script} exited with ${code} before it was ready`));
      child.once('exit', early);
      child.on('message', (message: { ready?: string }) => {
        if (message.ready) resolve(message.ready);
      });
    });
    if (early) child.off('exit', early);
    return new BotChild(child, url);
  }

  probe(): Promise<BotProbe> {
    return new Promise((resolve) => {
      const listener = (message: { probe?: BotProbe }) => {
        if (!message.probe) return;
        this.child.off('message', listener);
        resolve(message.probe);
      };
      this.child.on('message', listener);
      this.child.send('probe');
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send('stop');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
