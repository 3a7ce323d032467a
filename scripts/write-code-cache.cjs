'use strict';
// Run by scripts/bundle.mjs in a fresh process: loads dist/bundle/lambda.js, answers one ActivateUser
// (so that the functions of the first call are compiled too), then writes connector.js.cache.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2];
const entry = require(join(dir, 'lambda.js'));
entry.handler(JSON.parse(process.env.C2C_CACHE_WARMING_EVENT)).then((answer) => {
  if (answer.header.responseCode !== 200) throw new Error(`the warming ActivateUser answered ${JSON.stringify(answer)}`);
  writeFileSync(join(dir, 'connector.js.cache'), entry[Symbol.for('c2c-account-linking.codeCache')].create());
});
