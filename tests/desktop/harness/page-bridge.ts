// The Chromium side of each BrowserWindow: a real page in Debian Chromium (playwright-core, never a downloaded
// browser) with the renderer half installed (page-script.ts), its IPC wired to the app process, its navigations
// put to the app's will-navigate / window-open handlers and its responses to the app's onHeadersReceived.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import type { AppCall } from '../stand-in/protocol.ts';
import { installRenderer, type PageScriptConfig } from './page-script.ts';

const BINDING = '__electronStandInIpc';
const DISPATCH = '__electronStandInDispatch';

export interface PageRequest {
  url: string;
  method: string;
  resourceType: string;
  /** The URL of the frame that made it. */
  frameUrl: string;
}

export interface WindowPage {
  windowId: number;
  page: Page;
  /** Every request the page made (before any routing), in order. */
  requests: PageRequest[];
  /** Uncaught exceptions and console errors in the page. */
  errors: string[];
}

type AskApp = (call: AppCall) => Promise<unknown>;

const RESOURCE_TYPES: Record<string, string> = {
  document: 'mainFrame',
  stylesheet: 'stylesheet',
  script: 'script',
  image: 'image',
  font: 'font',
  xhr: 'xhr',
  fetch: 'xhr',
  eventsource: 'xhr',
  websocket: 'webSocket',
  media: 'media',
};

export class PageBridge {
  readonly windows = new Map<number, WindowPage>();
  readonly #context: BrowserContext;
  readonly #ask: AskApp;
  /** Set from the app's `session-handlers` record: route responses through onHeadersReceived. */
  headersHandler = false;
  readonly #expectedNavigation = new Map<Page, string>();
  #closing = false;

  constructor(context: BrowserContext, ask: AskApp) {
    this.#context = context;
    this.#ask = ask;
  }

  /** From now on the app is being torn down: requests it can no longer answer are dropped quietly. */
  stopping(): void {
    this.#closing = true;
  }

  async start(): Promise<void> {
    await this.#context.route('**/*', async (route, request) => {
      try {
        await this.#route(route, request);
      } catch (error) {
        // The app or the page went away mid-request (a test tearing down): nothing is waiting for this answer.
        await route.abort('failed').catch(() => undefined);
        if (!this.#closing) throw error;
      }
    });
  }

  #windowOf(page: Page | undefined): WindowPage | undefined {
    if (!page) return undefined;
    for (const window of this.windows.values()) if (window.page === page) return window;
    return undefined;
  }

  async open(windowId: number, width: number, height: number, preload: string | undefined): Promise<void> {
    const page = await this.#context.newPage();
    const window: WindowPage = { windowId, page, requests: [], errors: [] };
    this.windows.set(windowId, window);
    await page.setViewportSize({ width, height });
    page.on('request', (request) => {
      let frameUrl = '';
      try {
        frameUrl = request.frame().url();
      } catch {}
      window.requests.push({
        url: request.url(),
        method: request.method(),
        resourceType: request.resourceType(),
        frameUrl,
      });
    });
    page.on('pageerror', (error) => window.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') window.errors.push(`console: ${message.text()}`);
    });
    await page.exposeBinding(BINDING, async (source, op: string, payload: Record<string, unknown>) => {
      const frameUrl = source.frame.url();
      if (op === 'invoke' || op === 'send') {
        return this.#ask({
          op: op === 'invoke' ? 'ipc-invoke' : 'ipc-send',
          windowId,
          frameUrl,
          channel: payload.channel as string,
          args: payload.args as unknown[],
        });
      }
      if (op === 'window-open') {
        const answer = (await this.#ask({
          op: 'window-open',
          windowId,
          url: payload.url as string,
          frameName: payload.frameName as string,
          features: payload.features as string,
        })) as { action: 'allow' | 'deny' };
        return answer.action === 'allow';
      }
      if (op === 'permission') {
        return this.#ask({
          op: 'permission',
          windowId,
          via: payload.via as 'request' | 'check',
          permission: payload.permission as string,
          url: frameUrl,
          details: {
            ...(payload.details as Record<string, unknown>),
            isMainFrame: source.frame === page.mainFrame(),
          },
        });
      }
      throw new Error(`unknown binding op ${op}`);
    });
    const config: PageScriptConfig = { binding: BINDING, dispatch: DISPATCH, preload: preload !== undefined };
    // The preload's text goes into the init script as written (no eval: the dashboard's CSP forbids it).
    const preloadSource = preload === undefined ? '' : readFileSync(preload, 'utf8');
    await page.addInitScript({
      content: `(${installRenderer.toString()})(${JSON.stringify(config)}, function (exports, require, module, __filename, __dirname) {\n${preloadSource}\n});`,
    });
  }

  async load(windowId: number, url: string): Promise<void> {
    const { page } = this.#window(windowId);
    this.#expectedNavigation.set(page, url);
    await page.goto(url, { waitUntil: 'load' });
  }

  async close(windowId: number): Promise<void> {
    const window = this.windows.get(windowId);
    this.windows.delete(windowId);
    await window?.page.close();
  }

  async resize(windowId: number, width: number, height: number): Promise<void> {
    await this.#window(windowId).page.setViewportSize({ width, height });
  }

  async front(windowId: number): Promise<void> {
    await this.#window(windowId).page.bringToFront();
  }

  async send(windowId: number, channel: string, args: unknown[]): Promise<void> {
    const { page } = this.#window(windowId);
    await page.evaluate(
      ([name, sent, values]) => {
        const dispatch = (globalThis as unknown as Record<string, unknown>)[name as string];
        if (typeof dispatch === 'function') dispatch(sent, values);
      },
      [DISPATCH, channel, args] as const,
    );
  }

  #window(windowId: number): WindowPage {
    const window = this.windows.get(windowId);
    if (!window) throw new Error(`no page for window ${windowId}`);
    return window;
  }

  async #route(route: Route, request: Request): Promise<void> {
    const url = request.url();
    if (!/^https?:/.test(url)) return route.continue();
    let page: Page | undefined;
    try {
      page = request.frame().page();
    } catch {}
    const window = this.#windowOf(page);
    // Popups are put to setWindowOpenHandler by the page script before they exist; anything else is not ours.
    if (!window) return route.continue();
    if (
      request.isNavigationRequest() &&
      request.frame() === window.page.mainFrame() &&
      !request.redirectedFrom()
    ) {
      if (this.#expectedNavigation.get(window.page) === url) this.#expectedNavigation.delete(window.page);
      else {
        const answer = (await this.#ask({ op: 'will-navigate', windowId: window.windowId, url })) as {
          prevented: boolean;
        };
        if (answer.prevented) return route.abort('aborted');
      }
    }
    if (!this.headersHandler) return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    const grouped: Record<string, string[]> = {};
    for (const { name, value } of response.headersArray()) grouped[name] = [...(grouped[name] ?? []), value];
    const answer = (await this.#ask({
      op: 'headers-received',
      windowId: window.windowId,
      url,
      method: request.method(),
      resourceType: RESOURCE_TYPES[request.resourceType()] ?? 'other',
      statusCode: response.status(),
      responseHeaders: grouped,
    })) as Electron.HeadersReceivedResponse;
    if (answer.cancel) return route.abort('blockedbyclient');
    const headers: Record<string, string> = {};
    for (const [name, values] of Object.entries(answer.responseHeaders ?? grouped))
      headers[name] = Array.isArray(values)
        ? values.join(name.toLowerCase() === 'set-cookie' ? '\n' : ', ')
        : String(values);
    return route.fulfill({ response, headers });
  }
}
