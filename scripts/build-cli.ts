// `npm run build` step: the CLI and the whole headless core as dist/cli.js (bin/coding-proxy.js prefers it
// while it is newer than the sources).
import { bundleNode } from './bundle-node.ts';

console.log(`built ${await bundleNode('src-main/cli/main.ts', 'dist/cli.js')}`);
