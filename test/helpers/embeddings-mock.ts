import { http, HttpResponse } from 'msw';

export const EMBEDDINGS_BASE = 'http://embeddings.test/v1';
export const EMBEDDINGS_URL = `${EMBEDDINGS_BASE}/embeddings`;
export const TEST_DIMENSIONS = 64;

/**
 * A TEST DOUBLE for an embeddings endpoint, not a model: a hashed bag of words, normalised, where a few words
 * that mean the same thing are mapped to one token first. It is deterministic and has just enough "meaning" for
 * a test: "seaside" and "sunburn" land in the same bucket although they share no letters, so a question can be
 * close to an article in vector space while sharing no word with it.
 */
const SAME_MEANING: Record<string, true> = Object.fromEntries(
  'sun sunburn sunburnt sunburned sunbathing sunlight sunshine sunscreen beach seaside frazzled roasted'.split(' ').map((w) => [w, true]),
);
const STOP = new Set(
  'the and for are but not you your with have has had was were this that from what how can get got all any its into out too very then than them they their when will just about after before over some been being did does done our ours own should would could there here which while who whom why also each more most much such only other'.split(
    ' ',
  ),
);

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function fakeEmbedding(text: string, dims = TEST_DIMENSIONS): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (raw.length < 3 || STOP.has(raw)) continue;
    // A meaning group has a dimension of its own (0); every other word is hashed into the rest.
    if (SAME_MEANING[raw]) v[0] += 1;
    else v[1 + (fnv1a(raw.replace(/(ies|es|s|ing|ed)$/, '')) % (dims - 1))] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export type EmbeddingsLog = { requests: number; inputs: string[] };

/** msw handler for `POST <base>/embeddings` (OpenAI's shape, float encoding), recording what it was asked. */
export function embeddingsHandler(log: EmbeddingsLog, options: { dims?: number; base?: string } = {}) {
  return http.post(`${options.base ?? EMBEDDINGS_BASE}/embeddings`, async ({ request }) => {
    const body = (await request.json()) as { input: string | string[]; model: string; encoding_format?: string };
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    log.requests++;
    log.inputs.push(...inputs);
    return HttpResponse.json({
      object: 'list',
      model: body.model,
      data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, options.dims) })),
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  });
}

/** The endpoint is down: every request gets a 503. */
export function embeddingsDown(log?: EmbeddingsLog, base = EMBEDDINGS_BASE) {
  return http.post(`${base}/embeddings`, () => {
    if (log) log.requests++;
    return HttpResponse.json({ error: { message: 'down for maintenance', type: 'server_error' } }, { status: 503 });
  });
}
