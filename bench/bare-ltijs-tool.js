'use strict';

/**
 * The baseline for bench/launch.bench.ts: ltijs as its README sets it up, with the ltijs-sequelize plugin on
 * PostgreSQL and a one-line onConnect page. Nothing of ours runs here. Started by the bench as
 * `node bench/bare-ltijs-tool.js` with its settings in the environment (see `required` below); prints
 * `BARE_LTIJS_READY <port>` once it listens and the simulated LMS is registered.
 */

const lti = require('ltijs').Provider;
const Database = require('ltijs-sequelize');

function required(name) {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`bare-ltijs-tool: ${name} is not set\n`);
    process.exit(78);
  }
  return value;
}

const port = Number(required('BARE_PORT'));
const databaseUrl = new URL(required('BARE_DATABASE_URL'));
const encryptionKey = required('BARE_ENCRYPTION_KEY');
const platform = {
  url: required('BARE_LMS_ISSUER'),
  name: 'Simulated Moodle',
  clientId: required('BARE_LMS_CLIENT_ID'),
  authenticationEndpoint: required('BARE_LMS_AUTH_URL'),
  accesstokenEndpoint: required('BARE_LMS_TOKEN_URL'),
  authConfig: { method: 'JWK_SET', key: required('BARE_LMS_JWKS_URL') },
};
// Sequelize's default pool is 5 connections; ours uses 10. BARE_POOL_MAX evens that out (the bench sets 10).
const poolMax = Number(process.env.BARE_POOL_MAX || '5');

const db = new Database(
  decodeURIComponent(databaseUrl.pathname.slice(1)),
  decodeURIComponent(databaseUrl.username),
  decodeURIComponent(databaseUrl.password),
  {
    host: databaseUrl.hostname,
    port: Number(databaseUrl.port || 5432),
    dialect: 'postgres',
    logging: false,
    pool: { max: poolMax },
  },
);

lti.setup(
  encryptionKey,
  { plugin: db },
  {
    appRoute: '/lti/launch',
    loginRoute: '/lti/login',
    cookies: { secure: false, sameSite: 'Lax' },
    devMode: false,
  },
);

function escapeHtml(value) {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

lti.onConnect((token, req, res) => {
  const name = (token && token.userInfo && token.userInfo.name) || 'learner';
  return res.send(
    `<!doctype html><html><head><meta charset="utf-8"><title>Bare ltijs</title></head><body><p>Hello ${escapeHtml(name)}</p></body></html>`,
  );
});

async function main() {
  await lti.deploy({ port, silent: true });
  await lti.registerPlatform(platform);
  process.stdout.write(`BARE_LTIJS_READY ${port}\n`);
}

main().catch((err) => {
  process.stderr.write(`bare-ltijs-tool failed to start: ${(err && err.stack) || err}\n`);
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    lti
      .close({ silent: true })
      .catch(() => undefined)
      .then(() => process.exit(0));
  });
}
