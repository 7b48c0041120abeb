// The slice of Google's GenerateContent API (public v1beta and Code Assist v1internal) that the proxy writes and
// reads. Field names are the API's own camelCase spellings.

export interface GeminiFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

export interface GeminiFunctionResponse {
  name: string;
  /** Must be an object; plain results travel as `{ result }`, failures as `{ error }`. */
  response: Record<string, unknown>;
  id?: string;
}

export interface GeminiPart {
  text?: string;
  /** True on a thought summary part (only sent back when `includeThoughts` was requested). */
  thought?: boolean;
  /** Opaque token Gemini needs echoed back with the part it came on (mandatory for Gemini 3 function calls). */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GeminiTool {
  functionDeclarations: GeminiFunctionDeclaration[];
}

export interface GeminiToolConfig {
  functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] };
}

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: 'minimal' | 'low' | 'medium' | 'high';
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { role: 'user'; parts: GeminiPart[] };
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  index?: number;
}

export interface GenerateContentResponse {
  candidates?: GeminiCandidate[];
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  promptFeedback?: { blockReason?: string };
}

export interface GeminiErrorObject {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type UnwrappedGeminiBody =
  | { kind: 'response'; response: GenerateContentResponse }
  | { kind: 'error'; error: GeminiErrorObject }
  | { kind: 'unknown' };

/**
 * Accepts the public shape, the v1internal envelope `{response, traceId}` and error objects (also the
 * one-element array Google sometimes wraps errors in). Forgetting to unwrap v1internal gives empty output (CP gap).
 */
export function unwrapGeminiBody(body: unknown): UnwrappedGeminiBody {
  const value = Array.isArray(body) && body.length === 1 ? body[0] : body;
  if (!isRecord(value)) return { kind: 'unknown' };
  if (isRecord(value.error)) return { kind: 'error', error: value.error as GeminiErrorObject };
  if (isRecord(value.response) && !('candidates' in value)) {
    return { kind: 'response', response: value.response as GenerateContentResponse };
  }
  if ('candidates' in value || 'usageMetadata' in value || 'promptFeedback' in value) {
    return { kind: 'response', response: value as GenerateContentResponse };
  }
  return { kind: 'unknown' };
}
