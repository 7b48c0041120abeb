// Gemini function names must match [a-zA-Z_][a-zA-Z0-9_.:-]{0,63} (CPA util.SanitizeFunctionName). MCP tool names
// can break that (spaces, slashes, > 64 chars), so names are sanitised on the way out and mapped back on the way in.

const MAX_LENGTH = 64;

export function sanitizeFunctionName(name: string): string {
  let clean = name.replace(/[^a-zA-Z0-9_.:-]/g, '_');
  if (!/^[a-zA-Z_]/.test(clean)) clean = `_${clean}`;
  return clean.slice(0, MAX_LENGTH);
}

/** The original tool name Gemini's (sanitised) name stands for; unknown names come back unchanged. */
export function restoreFunctionName(name: string, originalNames: readonly string[] | undefined): string {
  if (!originalNames || originalNames.includes(name)) return name;
  return originalNames.find((original) => sanitizeFunctionName(original) === name) ?? name;
}
