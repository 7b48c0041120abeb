// What a passthrough call does, from its path: the original's operation names, so `usage` rows and
// dashboards read the same. First match wins; anything else is `unknown`.
import type { NativeProvider } from '../../../src-shared/config-schema.ts';

const OPENAI: Array<[RegExp, string]> = [
  [/^\/v1\/chat\/completions/, 'chat'],
  [/^\/v1\/completions/, 'completion'],
  [/^\/v1\/responses/, 'responses'],
  [/^\/v1\/embeddings/, 'embedding'],
  [/^\/v1\/audio\/transcriptions/, 'audio.transcription'],
  [/^\/v1\/audio\/translations/, 'audio.translation'],
  [/^\/v1\/audio\/speech/, 'audio.speech'],
  [/^\/v1\/images\/generations/, 'image.generation'],
  [/^\/v1\/images\/edits/, 'image.edit'],
  [/^\/v1\/images\/variations/, 'image.variation'],
  [/^\/v1\/moderations/, 'moderation'],
  [/^\/v1\/models/, 'model.list'],
  [/^\/v1\/files/, 'file'],
  [/^\/v1\/batches/, 'batch'],
  [/^\/v1\/fine_tuning/, 'finetune'],
  [/^\/v1\/assistants/, 'assistant'],
  [/^\/v1\/threads/, 'thread'],
  [/^\/v1\/vector_stores/, 'vector_store'],
  [/^\/v1\/uploads/, 'upload'],
];

const GEMINI: Array<[RegExp, string]> = [
  [/^\/v1(beta)?\/models\/[^/:]+:(stream)?[gG]enerateContent/, 'generate_content'],
  [/^\/v1(beta)?\/models\/[^/:]+:countTokens/, 'count_tokens'],
  [/^\/v1(beta)?\/models\/[^/:]+:batchEmbedContents/, 'embedding.batch'],
  [/^\/v1(beta)?\/models\/[^/:]+:embedContent/, 'embedding'],
  [/^\/v1(beta)?\/models\/[^/:]+:predict/, 'predict'],
  [/^\/v1(beta)?\/cachedContents/, 'cache'],
  [/^\/(upload\/)?v1(beta)?\/files/, 'file'],
  [/^\/v1(beta)?\/models\/[^/:]+$/, 'model.retrieve'],
  [/^\/v1(beta)?\/models\/?$/, 'model.list'],
  [/^\/v1(beta)?\/tunedModels/, 'tuned_model'],
];

const ANTHROPIC: Array<[RegExp, string]> = [
  [/^\/v1\/messages\/count_tokens/, 'count_tokens'],
  [/^\/v1\/messages\/batches/, 'messages.batch'],
  [/^\/v1\/messages/, 'messages'],
  [/^\/v1\/models/, 'model.list'],
  [/^\/v1\/files/, 'file'],
  [/^\/v1\/organizations/, 'organization'],
];

const TABLES: Record<NativeProvider, Array<[RegExp, string]>> = {
  openai: OPENAI,
  gemini: GEMINI,
  anthropic: ANTHROPIC,
};

export function classifyOperation(provider: NativeProvider, rest: string): string {
  return TABLES[provider].find(([pattern]) => pattern.test(rest))?.[1] ?? 'unknown';
}

/** Gemini names the model in the path: `/v1beta/models/gemini-2.5-pro:generateContent`. */
export function modelInPath(rest: string): string | undefined {
  return /\/models\/([^/:?]+)/.exec(rest)?.[1];
}
