import { ConfigError, loadConfig } from '../../src/config/env';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('environment at start-up', () => {
  it('defaults to a local development setup on PGlite with the demo platform', () => {
    const c = loadConfig({}, () => 'generated-dev-key-generated-dev-key');
    expect(c).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      baseUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      demoPlatform: true,
    });
    expect(c.cookies).toEqual({ secure: false, sameSite: 'Lax' });
  });

  it('uses SameSite=None; Secure cookies when served over HTTPS (inside the LMS iframe)', () => {
    expect(loadConfig({ BASE_URL: 'https://digiskill.example.go.th/' }).cookies).toEqual({
      secure: true,
      sameSite: 'None',
    });
    expect(loadConfig({ BASE_URL: 'https://digiskill.example.go.th/' }).baseUrl).toBe(
      'https://digiskill.example.go.th',
    );
  });

  it('requires the database, base URL and encryption key in production, and turns the demo off', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^LTI_ENCRYPTION_KEY: required in production/),
      expect.stringMatching(/^BASE_URL: required in production/),
      expect.stringMatching(/^DATABASE_URL: required in production/),
    ]);
    const c = loadConfig({
      NODE_ENV: 'production',
      BASE_URL: 'https://t.example',
      DATABASE_URL: 'postgres://u@h/db',
      LTI_ENCRYPTION_KEY: 'k'.repeat(32),
    });
    expect(c.demoPlatform).toBe(false);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        BASE_URL: 'https://t.example',
        DATABASE_URL: 'postgres://u@h/db',
        LTI_ENCRYPTION_KEY: 'k'.repeat(32),
        DEMO_PLATFORM: 'true',
      }).demoPlatform,
    ).toBe(true);
  });

  it('refuses a plain http BASE_URL in production unless ALLOW_HTTP_BASE_URL says it is a closed lab', () => {
    const production = {
      NODE_ENV: 'production',
      BASE_URL: 'http://digiskill.lab.example',
      DATABASE_URL: 'postgres://u@h/db',
      LTI_ENCRYPTION_KEY: 'k'.repeat(32),
    };
    expect(problems(production)).toEqual([
      'BASE_URL: must be https:// in production (LMS iframes refuse the cookies otherwise); ' +
        'for a closed lab without TLS set ALLOW_HTTP_BASE_URL=true',
    ]);
    const lab = loadConfig({ ...production, ALLOW_HTTP_BASE_URL: 'true' });
    expect(lab.baseUrl).toBe('http://digiskill.lab.example');
    expect(lab.cookies).toEqual({ secure: false, sameSite: 'Lax' });
    expect(loadConfig({ BASE_URL: 'http://localhost:3000' }).baseUrl).toBe('http://localhost:3000');
    expect(problems({ ...production, ALLOW_HTTP_BASE_URL: 'maybe' }).join('\n')).toContain(
      'ALLOW_HTTP_BASE_URL: must be true or false',
    );
  });

  it('runs one worker unless WEB_CONCURRENCY asks for more, and more only with a PostgreSQL server', () => {
    const pg = { DATABASE_URL: 'postgres://u@h/db' };
    expect(loadConfig({}).webConcurrency).toBe(1);
    expect(loadConfig({ ...pg, WEB_CONCURRENCY: '2' }).webConcurrency).toBe(2);
    expect(loadConfig({ ...pg, WEB_CONCURRENCY: 'auto' }).webConcurrency).toBeGreaterThanOrEqual(1);
    expect(problems({ WEB_CONCURRENCY: '2' })).toEqual([
      'WEB_CONCURRENCY: more than one worker needs DATABASE_URL (the embedded database belongs to one process)',
    ]);
    expect(problems({ ...pg, WEB_CONCURRENCY: '0' }).join('\n')).toContain(
      'WEB_CONCURRENCY: must be at least 1',
    );
    expect(problems({ ...pg, WEB_CONCURRENCY: 'many' }).join('\n')).toContain('WEB_CONCURRENCY: ');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a number'],
    [{ PORT: '70000' }, 'PORT: must be 1-65535'],
    [{ BASE_URL: 'digiskill.example' }, 'BASE_URL: must be an absolute http(s) URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [{ LTI_ENCRYPTION_KEY: 'short' }, 'LTI_ENCRYPTION_KEY: must be at least 32 characters'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of'],
    [{ DEMO_PLATFORM: 'maybe' }, 'DEMO_PLATFORM: must be true or false'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV: must be development, production or test'],
    [{ MAX_IN_FLIGHT: 'lots' }, 'MAX_IN_FLIGHT: must be a number'],
    [{ MAX_IN_FLIGHT: '0' }, 'MAX_IN_FLIGHT: must be at least 1'],
    [
      { OUTBOUND_ALLOW_HOSTS: 'moodle.intranet.go.th, https://moodle.example' },
      'OUTBOUND_ALLOW_HOSTS: "https://moodle.example" is not a host name, an address or a CIDR network',
    ],
    [{ OUTBOUND_ALLOW_HOSTS: '10.0.0.0/33' }, 'OUTBOUND_ALLOW_HOSTS: "10.0.0.0/33" is not'],
    [{ OUTBOUND_ALLOW_HOSTS: '127.1' }, 'OUTBOUND_ALLOW_HOSTS: "127.1" is not'],
    [
      { OUTBOUND_ALLOW_HOSTS: 'moodle.intranet.go.th,0.0.0.0/0' },
      'OUTBOUND_ALLOW_HOSTS: "0.0.0.0/0" is too broad: a network must be /8 or narrower for IPv4',
    ],
    [
      { OUTBOUND_ALLOW_HOSTS: '128.0.0.0/1' },
      'OUTBOUND_ALLOW_HOSTS: "128.0.0.0/1" is too broad: a network must be /8 or narrower for IPv4',
    ],
    [
      { OUTBOUND_ALLOW_HOSTS: '::/0' },
      'OUTBOUND_ALLOW_HOSTS: "::/0" is too broad: a network must be /32 or narrower for IPv6',
    ],
    [
      { OUTBOUND_ALLOW_HOSTS: '169.254.0.0/16' },
      'OUTBOUND_ALLOW_HOSTS: "169.254.0.0/16" holds link-local 169.254.0.0/16 (cloud metadata): list such an address on its own',
    ],
    [{ OUTBOUND_ALLOW_HOSTS: 'fe80::/64' }, 'OUTBOUND_ALLOW_HOSTS: "fe80::/64" holds link-local fe80::/10'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(problems(env as Record<string, string>).join('\n')).toContain(message);
  });

  it('listens on every interface unless HOST names one (loopback behind a reverse proxy)', () => {
    expect(loadConfig({}).host).toBeUndefined();
    expect(loadConfig({ HOST: '' }).host).toBeUndefined();
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ HOST: ' 0.0.0.0 ' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
  });

  it.each(['http://127.0.0.1', '127.0.0.1:3000', 'local host', '-bad-.example'])(
    'rejects HOST=%j naming the variable',
    (host) => {
      expect(problems({ HOST: host })).toEqual([
        expect.stringMatching(/^HOST: must be an IP address .* or a host name/),
      ]);
    },
  );

  it('refuses DEBUG, through which express would print URLs with ltiks past the log scrubber', () => {
    expect(problems({ DEBUG: 'provider:*' })).toEqual([expect.stringMatching(/^DEBUG: must not be set/)]);
    expect(problems({ DEBUG: '' })).toEqual([]);
  });

  it('reads OUTBOUND_ALLOW_HOSTS as host names and networks (none by default)', () => {
    expect(loadConfig({}).outboundAllow).toEqual([]);
    expect(
      loadConfig({ OUTBOUND_ALLOW_HOSTS: 'Moodle.Intranet.go.th, 10.20.0.0/16,,192.168.1.5 ,fd12:3456::/48' })
        .outboundAllow,
    ).toEqual([
      { kind: 'host', host: 'moodle.intranet.go.th' },
      { kind: 'network', cidr: '10.20.0.0/16' },
      { kind: 'network', cidr: '192.168.1.5/32' },
      { kind: 'network', cidr: 'fd12:3456::/48' },
    ]);
  });

  it('allows plain http to platforms outside production only, unless OUTBOUND_ALLOW_HTTP says otherwise', () => {
    const production = {
      NODE_ENV: 'production',
      BASE_URL: 'https://t.example',
      DATABASE_URL: 'postgres://u@h/db',
      LTI_ENCRYPTION_KEY: 'k'.repeat(32),
    };
    expect(loadConfig({}).outboundAllowHttp).toBe(true);
    expect(loadConfig(production).outboundAllowHttp).toBe(false);
    expect(loadConfig({ ...production, OUTBOUND_ALLOW_HTTP: 'true' }).outboundAllowHttp).toBe(true);
    expect(loadConfig({ OUTBOUND_ALLOW_HTTP: 'false' }).outboundAllowHttp).toBe(false);
    expect(problems({ OUTBOUND_ALLOW_HTTP: 'sometimes' }).join('\n')).toContain(
      'OUTBOUND_ALLOW_HTTP: must be true or false',
    );
  });

  it('reports every bad variable at once', () => {
    expect(problems({ PORT: 'x', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });
});
