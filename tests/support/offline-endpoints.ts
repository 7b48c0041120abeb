// What a test vendor would otherwise fetch from the internet in the background — Antigravity's Cloud Code hosts and
// its version manifest, Copilot's model list — pointed at a closed local port (9, discard): the call fails at once
// and the test never leaves the machine, whatever the network (tests/support/loopback-only.cjs refuses the rest).
const CLOSED_PORT = 'http://127.0.0.1:9';

export const OFFLINE_ANTIGRAVITY = {
  baseUrl: CLOSED_PORT,
  versionManifestUrl: `${CLOSED_PORT}/manifest.yml`,
} as const;

export const OFFLINE_COPILOT_MODELS = { modelsUrl: `${CLOSED_PORT}/models` } as const;
