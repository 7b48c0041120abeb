// The fake vendor in its own process (see bench-child.ts): `node bench/vendor-child.ts`.
import { serveAsBenchChild } from './bench-child.ts';
import { startBenchVendor } from './bench-vendor.ts';

const vendor = await startBenchVendor();
serveAsBenchChild(vendor.url, () => vendor.close());
