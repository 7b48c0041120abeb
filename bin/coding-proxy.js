#!/usr/bin/env node
// The CLI is TypeScript run by Node's built-in type stripping (Node >= 22.18): no build step between a clone
// and a working `npx coding-proxy`.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`coding-proxy needs Node.js 22.18 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}
await import('../src-main/cli/main.ts');
