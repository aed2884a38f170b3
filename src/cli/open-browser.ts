// Opens the viewer in the user's browser, as `go tool pprof -http` does: $BROWSER first, then the
// desktop's opener — only when there is a display to show it on.

import { spawn } from 'node:child_process';

/** What decides whether and how a browser is opened; main passes the process's own. */
export interface BrowserHost {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
}

/**
 * The commands to try in order, each given the URL as its last argument; none without a display
 * (Linux and the BSDs without DISPLAY or WAYLAND_DISPLAY: an SSH session, a container, CI).
 * $BROWSER is split on spaces, as pprof's browsers() does.
 */
export function browserCommands({ env, platform }: BrowserHost): string[][] {
  const desktop = platform === 'darwin' || platform === 'win32';
  if (!desktop && !env.DISPLAY && !env.WAYLAND_DISPLAY) return [];
  const commands: string[][] = [];
  const fromEnv = (env.BROWSER ?? '').split(' ').filter((word) => word !== '');
  if (fromEnv.length > 0) commands.push(fromEnv);
  if (platform === 'darwin') commands.push(['/usr/bin/open']);
  else if (platform === 'win32') commands.push(['cmd', '/c', 'start']);
  else commands.push(['xdg-open']);
  return commands;
}

/** Starts `command url`; resolves false when it cannot be started (not installed, not executable). */
function start(command: readonly string[], url: string): Promise<boolean> {
  return new Promise((resolve) => {
    // Detached, so a Ctrl-C ending the viewer does not close a browser started for it. stderr is
    // shared, as pprof shares it: the browser's complaints reach the user.
    const child = spawn(command[0]!, [...command.slice(1), url], {
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

/**
 * Opens `url` with the first browser command that starts. Returns the command used, or undefined
 * when there is no display or none could be started (the caller says so; the viewer keeps serving).
 */
export async function openBrowser(url: string, host: BrowserHost): Promise<readonly string[] | undefined> {
  for (const command of browserCommands(host)) {
    if (await start(command, url)) return command;
  }
  return undefined;
}
