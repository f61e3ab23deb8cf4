import { spawn, spawnSync } from 'node:child_process';

/**
 * Opens the address in the desktop's browser when there is one: macOS `open`, Windows `start`,
 * elsewhere `xdg-open` under a graphical session (DISPLAY or WAYLAND_DISPLAY). On a server, in a
 * container or over SSH nothing is opened (the address is printed anyway). Answers whether a
 * browser was started.
 */
export function openBrowser(url: string): boolean {
  const command =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url.replace(/&/g, '^&')]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : undefined;
  if (!command) return false;
  const [program = '', ...args] = command;
  if (process.platform !== 'win32' && spawnSync('which', [program], { stdio: 'ignore' }).status !== 0)
    return false;
  try {
    const child = spawn(program, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
