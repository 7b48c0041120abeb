// One Server-Sent Event as it travels through the proxy. `data` stays a string so that an Anthropic stream
// relayed from an Anthropic-format vendor is forwarded byte for byte without a parse/serialise round trip.
export interface SseFrame {
  event: string;
  data: string;
}

export function encodeFrame(frame: SseFrame): string {
  return frame.event ? `event: ${frame.event}\ndata: ${frame.data}\n\n` : `data: ${frame.data}\n\n`;
}

export function jsonFrame(event: { type: string }): SseFrame {
  return { event: event.type, data: JSON.stringify(event) };
}
