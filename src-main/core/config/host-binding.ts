// Which address the proxy may listen on, which Host names it answers, and which URL it prints. Loopback is the
// default and needs nothing; any other address exposes the proxy (and its control API) to the network, so it is
// refused unless `server.allowedHosts` names the host names clients will use. The printed URL always uses a name
// the Host guard accepts (never 0.0.0.0).
import { isIP } from 'node:net';

export const LOOPBACK_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]', '::1'];

export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** A host name as it appears in a Host header: lower case, IPv6 literals in brackets. */
export function hostHeaderName(host: string): string {
  const name = host.toLowerCase();
  return isIP(name) === 6 ? `[${name}]` : name;
}

/** Why the proxy must not listen on `host`, or undefined when it may. */
export function hostBindingProblem(host: string, allowedHosts: readonly string[]): string | undefined {
  if (isLoopbackHost(host) || allowedHosts.length > 0) return undefined;
  return (
    `refusing to listen on ${host}: that exposes the proxy and its control API beyond this machine. ` +
    'Use 127.0.0.1 (the default), or list the host names clients will use in server.allowedHosts ' +
    '(see "Security" in README.md).'
  );
}

/** Host names the guard accepts besides the loopback names: the loopback address bound to, and allowedHosts. */
export function acceptedHostNames(host: string, allowedHosts: readonly string[]): string[] {
  return [...(isLoopbackHost(host) ? [hostHeaderName(host)] : []), ...allowedHosts.map(hostHeaderName)];
}

/** The host part of the URL to print: the bound loopback address, else the first allowed host name. */
export function urlHost(host: string, allowedHosts: readonly string[], boundAddress: string): string {
  if (isLoopbackHost(host) || allowedHosts.length === 0) return hostHeaderName(boundAddress);
  return hostHeaderName(allowedHosts[0]!);
}
