// A web page must not be able to spend a tier's key. The page runs in real Chromium on a second local origin
// (another 127.0.0.1 port) and posts to the proxy the way a page can without a CORS preflight; the fake vendor
// must receive nothing. The clients users run (SDK, curl-style requests) are unaffected.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../e2e/dashboard-browser.ts';
import { anthropicMessage, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, type Harness, postMessages, startProxy } from '../support/proxy-harness.ts';

// Every way a page can send a body cross-origin without a preflight: text/plain, a form encoding, a typeless
// Blob (no Content-Type at all), and a navigation-style form post.
const PAGE = (proxy: string) => `<!doctype html><meta charset="utf-8"><title>evil</title>
<form id="f" method="POST" action="${proxy}/v1/messages" enctype="text/plain" target="sink">
  <input name='{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"x":"' value='"}'>
</form><iframe name="sink"></iframe>
<script>
const body = ${JSON.stringify(JSON.stringify(BASIC_REQUEST))};
const url = ${JSON.stringify(`${proxy}/v1/messages`)};
window.attempts = Promise.all([
  fetch(url, { method: 'POST', mode: 'no-cors', body }),
  fetch(url, { method: 'POST', mode: 'no-cors', body, headers: { 'content-type': 'text/plain' } }),
  fetch(url, { method: 'POST', mode: 'no-cors', body: new Blob([body]) }),
  fetch(url, { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ a: body }) }),
  fetch(url + '/count_tokens', { method: 'POST', mode: 'no-cors', body }),
].map((p) => p.then(() => 'sent', (e) => 'failed: ' + e.message)));
document.getElementById('f').submit();
</script>`;

describe('web pages cannot reach /v1/*', () => {
  let vendor: FakeVendor;
  let proxy: Harness;
  let evil: Server;
  let evilUrl: string;
  let browser: Browser;

  before(async () => {
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('spent') }]);
    proxy = await startProxy({
      vendors: [{ name: 'glm', kind: 'zhipu', baseUrl: vendor.url, apiKey: 'sk-glm-key-000000001' }],
    });
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE(proxy.url));
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => evil.close(() => resolve()));
    await proxy.close();
    await vendor.close();
  });

  it('a no-cors page on another local origin gets nothing forwarded (real Chromium)', async () => {
    const page = await browser.newPage();
    const answers: Array<{ status: number; url: string }> = [];
    page.on('response', (response) => {
      if (response.url().startsWith(proxy.url))
        answers.push({ status: response.status(), url: response.url() });
    });
    const formAnswered = page.waitForResponse(
      (response) =>
        response.url() === `${proxy.url}/v1/messages` && response.request().resourceType() === 'document',
    );
    await page.goto(evilUrl);
    const outcomes = (await page.evaluate('window.attempts')) as string[];
    assert.deepEqual(outcomes, ['sent', 'sent', 'sent', 'sent', 'sent'], 'the browser did send them');
    assert.equal((await formAnswered).status(), 403);
    assert.equal(vendor.requests.length, 0, 'the vendor received nothing');
    assert.equal(proxy.records.length, 0, 'no attempt was even made');
    assert.ok(answers.length >= 1);
    assert.ok(
      answers.every((answer) => answer.status === 403 || answer.status === 0),
      JSON.stringify(answers),
    );
    await page.close();
  });

  it('refuses a foreign Origin or a cross-site fetch before any upstream call, and a non-JSON body', async () => {
    const foreign = await postMessages(proxy.url, BASIC_REQUEST, { origin: 'http://127.0.0.1:1' });
    assert.equal(foreign.status, 403);
    assert.equal((foreign.json() as { error: { type: string } }).error.type, 'permission_error');
    const crossSite = await postMessages(proxy.url, BASIC_REQUEST, { 'sec-fetch-site': 'same-site' });
    assert.equal(crossSite.status, 403);
    const plain = await postMessages(proxy.url, BASIC_REQUEST, {
      'content-type': 'text/plain;charset=UTF-8',
    });
    assert.equal(plain.status, 415);
    assert.match((plain.json() as { error: { message: string } }).error.message, /application\/json/);
    assert.equal(vendor.requests.length, 0);
  });

  it('serves the SDK and curl-style requests, and never forwards browser metadata upstream', async () => {
    const sdk = new Anthropic({ baseURL: proxy.url, apiKey: 'sk-ant-sdk', maxRetries: 0 });
    const message = await sdk.messages.create(BASIC_REQUEST as Anthropic.MessageCreateParamsNonStreaming);
    assert.equal(message.content[0]?.type, 'text');
    const curl = await postMessages(proxy.url, BASIC_REQUEST, {
      'content-type': 'application/json; charset=utf-8',
    });
    assert.equal(curl.status, 200);
    // Our own origin (the dashboard) may, and what it adds stays here.
    const own = await postMessages(proxy.url, BASIC_REQUEST, {
      origin: proxy.url,
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'cors',
      referer: `${proxy.url}/`,
      cookie: 'a=b',
    });
    assert.equal(own.status, 200);
    const forwarded = vendor.requests.at(-1)?.headers ?? {};
    for (const name of ['origin', 'referer', 'cookie', 'sec-fetch-site', 'sec-fetch-mode'])
      assert.equal(forwarded[name], undefined, `${name} is not forwarded`);
  });
});
