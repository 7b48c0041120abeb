// Loaded into every Node process the test run starts (scripts/run-tests.ts puts it in NODE_OPTIONS): a name that is
// not loopback never resolves, as on a machine without a network. Tests then behave the same with or without
// internet access, and a test that forgot to point a vendor, a sign-in or a version check at its fake cannot send
// a (fake) token to the real GitHub or Google. Set CODING_PROXY_TEST_DNS_LOG=<file> to list the names refused.
'use strict';
const dns = require('node:dns');
const { appendFileSync } = require('node:fs');

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
const log = process.env.CODING_PROXY_TEST_DNS_LOG;

function refused(hostname) {
  if (log) {
    try {
      appendFileSync(log, `${hostname}\t${process.argv.slice(1).join(' ')}\n`);
    } catch {
      // The list is a debugging aid; a test never fails because of it.
    }
  }
  const error = new Error(`getaddrinfo ENOTFOUND ${hostname} (tests resolve loopback names only)`);
  error.code = 'ENOTFOUND';
  error.errno = -3008;
  error.syscall = 'getaddrinfo';
  error.hostname = hostname;
  return error;
}

const lookup = dns.lookup;
dns.lookup = function loopbackOnlyLookup(hostname, ...rest) {
  const done = rest.at(-1);
  if (
    typeof hostname === 'string' &&
    hostname !== '' &&
    !LOOPBACK.test(hostname) &&
    typeof done === 'function'
  ) {
    const error = refused(hostname);
    process.nextTick(() => done(error));
    return {};
  }
  return lookup.call(this, hostname, ...rest);
};

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function loopbackOnlyPromisesLookup(hostname, ...rest) {
  if (typeof hostname === 'string' && hostname !== '' && !LOOPBACK.test(hostname)) {
    return Promise.reject(refused(hostname));
  }
  return promisesLookup.call(this, hostname, ...rest);
};
