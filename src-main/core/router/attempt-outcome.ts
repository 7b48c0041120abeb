import type { UpstreamError } from '../common/upstream-error.ts';
import type { ClientError } from './final-error.ts';
import type { UsageAccumulator } from './usage-accumulator.ts';

/** What one attempt at one tier came to. The failover loop turns each kind into bookkeeping and a next step. */
export type AttemptOutcome =
  /** A complete answer reached the client. */
  | { kind: 'served'; usage: UsageAccumulator; model: string; ttfbMs: number }
  /** Nothing reached the client: another tier may still serve. */
  | { kind: 'failed'; error: UpstreamError; ttfbMs: number | null }
  /** The stream broke after content reached the client: the client already got its one error event. */
  | { kind: 'broken'; error: UpstreamError; usage: UsageAccumulator; model: string; ttfbMs: number }
  /**
   * The proxy could not turn the request into a vendor call (a body it cannot serialise, a bug of ours): the
   * client gets `answer`, the tier is not blamed and no other tier is tried — they would fail the same way.
   */
  | { kind: 'unprepared'; answer: ClientError; errorClass: string; message: string }
  /** The client went away. */
  | { kind: 'aborted' };
