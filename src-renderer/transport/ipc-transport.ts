// Electron transport: the preload's `window.codingProxy` pipes (see src-shared/preload-api.ts).
import type { PreloadApi } from '../../src-shared/preload-api.ts';
import {
  asContractError,
  CommandError,
  type ConnectionState,
  type Transport,
  type UiCommandName,
  type UiRequest,
  type UiResponse,
} from './transport.ts';

export function createIpcTransport(api: PreloadApi): Transport {
  return {
    async call<C extends UiCommandName>(command: C, request: UiRequest<C>): Promise<UiResponse<C>> {
      let body: unknown;
      try {
        body = await api.call(command, request ?? {});
      } catch (error) {
        throw new CommandError('transport', (error as Error).message ?? String(error));
      }
      const problem = asContractError(body);
      if (problem) throw new CommandError(problem.type, problem.message);
      return body as UiResponse<C>;
    },
    subscribe(listener) {
      return api.onEvent(listener);
    },
    // IPC lives as long as the window: it is open from the start.
    onConnection(listener: (state: ConnectionState) => void) {
      listener('open');
      return () => {};
    },
  };
}
