// npm forwards SIGTERM/SIGINT only to the shell it runs a script in (`sh -c …`), and Debian's dash dies of it
// without passing it on (npm/cli#5776): `kill <npm pid>` used to leave the proxy running on its port. A process
// started through npm therefore also watches its parent and shuts down cleanly when the parent is gone.

/** True when npm (a script or `npx`) started this process: its lifetime is then tied to npm's. */
export function startedByNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.npm_lifecycle_event);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once when the parent process exits (re-parented on POSIX, or no longer alive on Windows).
 * Returns a function that stops watching. The timer never keeps the process alive.
 */
export function watchParent(onGone: () => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent && alive(parent)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
