import { http, HttpResponse } from 'msw';

export const LLM_BASE = 'http://llm.test/v1';
export const COMPLETIONS = `${LLM_BASE}/chat/completions`;

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** An OpenAI streaming reply: one SSE chunk per piece, a usage chunk, then [DONE]. */
export function sseReply(pieces: string[]) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(chunk({ role: 'assistant', content: '' })));
      for (const p of pieces) controller.enqueue(encoder.encode(chunk({ content: p })));
      controller.enqueue(encoder.encode(chunk({}, 'stop')));
      controller.enqueue(
        encoder.encode(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [], usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 } })}\n\n`),
      );
      controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      controller.close();
    },
  });
  return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
}

/** A stream that sends one piece and then nothing, never closing: the client must give up on its own. */
export function stalledReply(first: string) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(chunk({ role: 'assistant', content: first })));
    },
  });
  return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
}

export function jsonReply(content: string) {
  return HttpResponse.json({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-test',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });
}

export const completions = (resolver: Parameters<typeof http.post>[1]) => http.post(COMPLETIONS, resolver);
