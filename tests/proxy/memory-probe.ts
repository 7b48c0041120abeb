// Loaded into a proxy child process with `node --import` (the CLI as shipped runs unchanged): answers `memory` on
// the IPC channel with the child's own `process.memoryUsage()` and its peak RSS so far. Without a channel it does
// nothing.
if (process.send) {
  process.on('message', (message) => {
    if (message !== 'memory') return;
    process.send?.({ rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
  });
  // The channel must not keep a stopping proxy alive.
  process.channel?.unref();
}
