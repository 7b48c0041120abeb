import { Agent } from 'undici';

/**
 * One keep-alive connection pool per tier (an undici Agent keeps a Pool per origin), made on first use and closed
 * when the tier leaves the chain or the router closes.
 */
export class UpstreamPools {
  readonly #agents = new Map<string, Agent>();

  agentFor(tier: { name: string; adapter: { config: { connectTimeoutMs: number } } }): Agent {
    let agent = this.#agents.get(tier.name);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: tier.adapter.config.connectTimeoutMs },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connections: 256,
        pipelining: 1,
      });
      this.#agents.set(tier.name, agent);
    }
    return agent;
  }

  /** Drops the pool of a tier that was removed or rebuilt; its open sockets close once idle. */
  forget(name: string): void {
    const agent = this.#agents.get(name);
    this.#agents.delete(name);
    void agent?.close().catch(() => undefined);
  }

  get size(): number {
    return this.#agents.size;
  }

  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
  }
}
