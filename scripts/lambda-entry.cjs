'use strict';
// The Lambda entry of dist/bundle/ (Handler: lambda.handler). It runs connector.js, the esbuild bundle,
// with the V8 code cache that `npm run bundle` made after a first ActivateUser: compiling the bundle and the
// functions of the first call is about a fifth of a cold start. V8 takes the cache only from the Node.js
// version that made it; on any other, or without the file, the bundle compiles as it would under require().
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, 'connector.js');
const cachedData = readCodeCache();
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, {
  filename: file,
  cachedData,
});
const connector = { exports: {} };
script.runInThisContext().call(connector.exports, connector.exports, require, connector, file, __dirname);

module.exports = connector.exports;
// For scripts/bundle.mjs, which writes the cache, and the benchmark: not part of the handler's API.
Object.defineProperty(module.exports, Symbol.for('c2c-account-linking.codeCache'), {
  value: { accepted: cachedData !== undefined && script.cachedDataRejected !== true, create: () => script.createCachedData() },
});

function readCodeCache() {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
}
