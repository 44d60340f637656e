import express from 'express';
import supertest from 'supertest';
import { requestMetrics } from '../../src/http/middleware/request-metrics';

// The route label of a request: express' pattern, never the path that carried ids or secrets.
describe('the route a request is counted under', () => {
  const seen: string[] = [];
  const app = express();
  app.use(requestMetrics({ request: (route) => seen.push(route) }, { staticMounts: ['/static', '/demo'] }));
  app.get('/app/entries/:id', (_req, res) => res.send('entry'));
  app.get(['/healthz', '/readyz'], (_req, res) => res.send('ok'));
  const demo = express.Router();
  demo.get('/start', (_req, res) => res.send('demo'));
  app.use('/demo', demo);
  const secret = express.Router();
  secret.get('/done', (_req, res) => res.send('registered'));
  app.use('/lti/register/:secret', secret);
  app.use('/static', (_req, res) => res.send('file'));
  app.use((_req, res) => res.status(404).send('not found'));

  beforeEach(() => (seen.length = 0));

  it.each([
    ['/app/entries/123456?ltik=abc.def.ghi', '/app/entries/:id'],
    ['/readyz', '/healthz|/readyz'],
    ['/DEMO/start', '/demo/start'],
    ['/lti/register/lettersonlysecretvalue/done', ':mount/done'],
    ['/static/app.css', '/static/*'],
    ['/lti/register/lettersonlysecretvalue', 'unmatched'],
    ['/no/such/page/42', 'unmatched'],
  ])('when %s is answered, then it is counted under %s', async (path, label) => {
    await supertest(app).get(path);
    expect(seen).toEqual([label]);
  });
});
