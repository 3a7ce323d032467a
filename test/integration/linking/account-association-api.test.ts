import { expect } from 'chai';
import axios, { type AxiosResponse } from 'axios';
import {
  expectAwsError,
  sandboxArnOf,
  type AssociationAnswer,
  type AssociationItem,
  type AssociationList,
} from '../../support/association-answer.js';
import { startLinkingWorld, type LinkingWorld } from '../../support/linking-service.js';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });
const JSON_HEADERS = { 'content-type': 'application/json' };
/** Bodies sent as written: axios would re-encode a string that is not JSON as a JSON string. */
const AS_WRITTEN = { headers: JSON_HEADERS, transformRequest: [(data: unknown) => data] };

/** An axios answer as `expectAwsError` reads it. */
const seen = (response: AxiosResponse) => ({ status: response.status, headers: response.headers as Record<string, unknown>, body: response.data as unknown });

/** The account-association API over HTTP on 127.0.0.1, against the embedded store (dynalite on disk). */
describe('The account-association API (MI-API §4) over HTTP, on the embedded store', function () {
  this.timeout(60_000);
  let world: LinkingWorld;
  const url = (path = '') => `${world.baseUrl}/account-associations${path}`;
  const create = (body?: unknown) => http.post<AssociationAnswer>(url(), body === undefined ? undefined : JSON.stringify(body), { headers: JSON_HEADERS });
  const get = (id: string) => http.get<AssociationAnswer>(url(`/${id}`));
  const list = (query: Record<string, string> = {}) => http.get<AssociationList>(url(`?${new URLSearchParams(query).toString()}`));

  /** Every association the store holds, page by page at MaxResults 1000. */
  async function listAll(query: Record<string, string> = {}): Promise<AssociationItem[]> {
    const items: AssociationItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await list({ ...query, MaxResults: '1000', ...(nextToken === undefined ? {} : { NextToken: nextToken }) });
      expect(page.status, JSON.stringify(page.data)).to.equal(200);
      items.push(...page.data.Items);
      nextToken = page.data.NextToken;
    } while (nextToken !== undefined);
    return items;
  }

  before(async () => {
    world = await startLinkingWorld({ identitySource: 'userinfo' });
  });
  after(() => world.stop());

  describe('CreateAccountAssociation', () => {
    it('answers 201 with the id, the state, the URL and the Arn, and records Name, Description and Tags', async () => {
      const created = await create({ ConnectorDestinationId: 'default', Name: 'Kitchen hub', Description: 'The hub_in-the kitchen', Tags: { room: 'kitchen', empty: '' } });

      expect(created.status).to.equal(201);
      const id = created.data.AccountAssociationId;
      expect(Object.keys(created.data).sort()).to.deep.equal(['AccountAssociationId', 'Arn', 'AssociationState', 'OAuthAuthorizationUrl']);
      expect(id).to.match(/^[A-Za-z0-9]{1,64}$/);
      expect(created.data.AssociationState).to.equal('ASSOCIATION_IN_PROGRESS');
      expect(created.data.Arn).to.equal(sandboxArnOf(id)).and.match(/^arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:account-association\/[0-9a-zA-Z]+$/);
      expect(new URL(created.data.OAuthAuthorizationUrl).searchParams.get('state')).to.be.a('string');

      const shown = await get(id);
      expect(shown.status).to.equal(200);
      expect(shown.data).to.deep.equal({
        AccountAssociationId: id,
        AssociationState: 'ASSOCIATION_IN_PROGRESS',
        ConnectorDestinationId: 'default',
        Name: 'Kitchen hub',
        Description: 'The hub_in-the kitchen',
        Arn: sandboxArnOf(id),
        // The round trip in flight: the very URL Create answered.
        OAuthAuthorizationUrl: created.data.OAuthAuthorizationUrl,
        Tags: { room: 'kitchen', empty: '' },
      });
    });

    it('uses the only connector destination when the request names none, with or without a body', async () => {
      for (const answer of [await create(), await create({}), await http.post<AssociationAnswer>(url())]) {
        expect(answer.status).to.equal(201);
        expect((await get(answer.data.AccountAssociationId)).data.ConnectorDestinationId).to.equal('default');
      }
    });

    it('answers 404 ResourceNotFoundException for a connector destination that does not exist, and stores nothing', async () => {
      const before = (await listAll()).length;
      const answer = await create({ ConnectorDestinationId: 'elsewhere' });
      const error = expectAwsError(seen(answer), 404, 'ResourceNotFoundException', { ResourceId: 'elsewhere', ResourceType: 'ConnectorDestination' });
      expect(error.Message).to.equal('Connector destination elsewhere does not exist.');
      expect(await listAll()).to.have.length(before);
    });

    const refused: readonly [string, string, string | undefined][] = [
      ['a Name outside its alphabet', JSON.stringify({ Name: 'Kitchen!' }), 'Name must be 1 to 128 letters, digits, spaces, - or _.'],
      ['a Name over 128 characters', JSON.stringify({ Name: 'n'.repeat(129) }), undefined],
      ['an empty Name', JSON.stringify({ Name: '' }), undefined],
      ['a Description over 4096 characters', JSON.stringify({ Description: 'd'.repeat(4097) }), undefined],
      ['Tags without entries', JSON.stringify({ Tags: {} }), 'Tags must hold 1 to 50 entries.'],
      ['51 Tags', JSON.stringify({ Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }), 'Tags must hold 1 to 50 entries.'],
      ['a tag key over 128 characters', JSON.stringify({ Tags: { ['k'.repeat(129)]: 'v' } }), undefined],
      ['a tag value over 256 characters', JSON.stringify({ Tags: { k: 'v'.repeat(257) } }), undefined],
      ['a tag value that is no string', JSON.stringify({ Tags: { k: 1 } }), 'Tags must be an object of string values.'],
      ['a ClientToken outside its alphabet', JSON.stringify({ ClientToken: 'a.b' }), 'ClientToken must be 1 to 64 letters, digits, =, - or _.'],
      ['a ClientToken over 64 characters', JSON.stringify({ ClientToken: 't'.repeat(65) }), undefined],
      ['a malformed ConnectorDestinationId', JSON.stringify({ ConnectorDestinationId: 'no spaces' }), undefined],
      ['a Name that is no string', JSON.stringify({ Name: 5 }), 'Name must be a string.'],
      ['a null member', JSON.stringify({ Description: null }), 'Description must be a string.'],
      ['an unknown member', JSON.stringify({ Nmae: 'typo' }), 'CreateAccountAssociation takes no member Nmae.'],
      ['GeneralAuthorization', JSON.stringify({ GeneralAuthorization: { AuthMaterialName: 'apiKey' } }), 'GeneralAuthorization is not supported: this service links accounts with OAuth 2.0 only; leave it out.'],
      ['malformed JSON', '{"Name": "a"', 'The request body is not valid JSON.'],
      ['an array', '[]', 'The body of CreateAccountAssociation must be a JSON object.'],
      ['a body over 64 KiB', JSON.stringify({ Description: 'd'.repeat(70_000) }), 'The request body is larger than this route takes.'],
    ];
    for (const [what, body, message] of refused) {
      it(`answers 400 ValidationException for ${what}`, async () => {
        const answer = await http.post(url(), body, AS_WRITTEN);
        const error = expectAwsError(seen(answer), 400, 'ValidationException');
        if (message !== undefined) expect(error.Message).to.equal(message);
        expect(JSON.stringify(answer.data)).not.to.contain('kitchen').and.not.contain('vvvvvvvv');
      });
    }

    it('refuses a body sent as a form or plain text, so that no page elsewhere can post one', async () => {
      for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
        const answer = await http.post(url(), '{}', { headers: { 'content-type': contentType } });
        expect(expectAwsError(seen(answer), 400, 'ValidationException').Message).to.equal(
          'The request body must be JSON, sent with Content-Type: application/json.',
        );
      }
    });
  });

  describe('ClientToken', () => {
    it('answers a retry with the same parameters with the same association, however many race, and stores one', async () => {
      const request = { ClientToken: 'retry-1=', Name: 'Hall', Tags: { b: '2', a: '1' } };
      const first = await create(request);
      expect(first.status).to.equal(201);

      const retries = await Promise.all(Array.from({ length: 6 }, () => create({ ...request, Tags: { a: '1', b: '2' } })));

      for (const retry of retries) {
        expect(retry.status).to.equal(201);
        expect(retry.data).to.deep.equal(first.data);
      }
      expect((await listAll()).filter((item) => item.AccountAssociationId === first.data.AccountAssociationId)).to.have.length(1);
    });

    it('answers 409 ConflictException for the same token with other parameters, and leaves the association as it was', async () => {
      const first = await create({ ClientToken: 'conflict-1', Name: 'Hall' });
      for (const other of [{ Name: 'Attic' }, { Name: 'Hall', Description: 'more' }, { Name: 'Hall', Tags: { a: '1' } }, {}]) {
        const answer = await create({ ClientToken: 'conflict-1', ...other });
        const error = expectAwsError(seen(answer), 409, 'ConflictException');
        expect(error.Message).to.equal('The ClientToken was already used to create an account association with other parameters.');
      }
      expect((await get(first.data.AccountAssociationId)).data.Name).to.equal('Hall');
    });

    it('treats the destination left out and the only destination named as the same parameters', async () => {
      const first = await create({ ClientToken: 'same-destination' });
      const named = await create({ ClientToken: 'same-destination', ConnectorDestinationId: 'default' });
      expect(named.status).to.equal(201);
      expect(named.data.AccountAssociationId).to.equal(first.data.AccountAssociationId);
    });

    it('answers a retry with the association as it is now: renamed since, the retry still matches its creation', async () => {
      const first = await create({ ClientToken: 'renamed-later', Name: 'Before' });
      expect((await http.put(url(`/${first.data.AccountAssociationId}`), JSON.stringify({ Name: 'After' }), { headers: JSON_HEADERS })).status).to.equal(204);
      const retry = await create({ ClientToken: 'renamed-later', Name: 'Before' });
      expect(retry.status).to.equal(201);
      expect(retry.data.AccountAssociationId).to.equal(first.data.AccountAssociationId);
      expect((await get(first.data.AccountAssociationId)).data.Name).to.equal('After');
    });

    it('is remembered while its association exists: once deleted, the token creates a new association', async () => {
      const first = await create({ ClientToken: 'deleted-later', Name: 'One' });
      expect((await http.delete(url(`/${first.data.AccountAssociationId}`))).status).to.equal(200);
      const again = await create({ ClientToken: 'deleted-later', Name: 'Two' });
      expect(again.status).to.equal(201);
      expect(again.data.OAuthAuthorizationUrl).not.to.equal(first.data.OAuthAuthorizationUrl);
      expect((await get(again.data.AccountAssociationId)).data.Name).to.equal('Two');
    });

    it('gives different tokens different associations', async () => {
      const [a, b] = await Promise.all([create({ ClientToken: 'token-a' }), create({ ClientToken: 'token-b' })]);
      expect(a.data.AccountAssociationId).not.to.equal(b.data.AccountAssociationId);
    });
  });

  describe('GetAccountAssociation', () => {
    it('answers 404 ResourceNotFoundException naming the association, and 400 ValidationException for a malformed id', async () => {
      expectAwsError(seen(await get('Missing1')), 404, 'ResourceNotFoundException', { ResourceId: 'Missing1', ResourceType: 'AccountAssociation' });
      expectAwsError(seen(await get('not-an-id')), 400, 'ValidationException');
    });

    it('shows an empty OAuthAuthorizationUrl once the round trip is over, and the URL refresh answered while one is pending', async () => {
      const created = await create();
      const id = created.data.AccountAssociationId;
      const failed = await http.get(`${world.baseUrl}/oauth/callback?${new URLSearchParams({ state: new URL(created.data.OAuthAuthorizationUrl).searchParams.get('state')!, error: 'access_denied' }).toString()}`);
      expect(failed.status).to.equal(302);
      expect((await get(id)).data).to.deep.include({ AssociationState: 'ASSOCIATION_FAILED', OAuthAuthorizationUrl: '' });

      const refreshed = await http.post<{ OAuthAuthorizationUrl: string }>(url(`/${id}/refresh`));
      expect(refreshed.status).to.equal(200);
      expect((await get(id)).data.OAuthAuthorizationUrl).to.equal(refreshed.data.OAuthAuthorizationUrl);
    });
  });

  describe('UpdateAccountAssociation', () => {
    it('answers 204 with no body; a member left out stays as it was', async () => {
      const id = (await create({ Name: 'Old', Description: 'Old text' })).data.AccountAssociationId;
      const put = (body: unknown) => http.put(url(`/${id}`), JSON.stringify(body), { headers: JSON_HEADERS });

      const renamed = await put({ Name: 'New' });
      expect(renamed.status).to.equal(204);
      expect(renamed.data).to.equal('');
      expect((await get(id)).data).to.deep.include({ Name: 'New', Description: 'Old text' });
      expect((await put({ Description: 'New text' })).status).to.equal(204);
      expect((await put({})).status).to.equal(204);
      expect((await get(id)).data).to.deep.include({ Name: 'New', Description: 'New text' });
    });

    it('answers 404 for an unknown association and 400 ValidationException for a value, a type or a member it does not take', async () => {
      const id = (await create({ Name: 'Kept' })).data.AccountAssociationId;
      expectAwsError(seen(await http.put(url('/Missing2'), '{"Name":"x"}', { headers: JSON_HEADERS })), 404, 'ResourceNotFoundException', {
        ResourceId: 'Missing2',
        ResourceType: 'AccountAssociation',
      });
      for (const body of ['{"Name":"bad!"}', '{"Name":7}', '{"Tags":{"a":"b"}}', '{"Name":', '"Name"']) {
        expectAwsError(seen(await http.put(url(`/${id}`), body, AS_WRITTEN)), 400, 'ValidationException');
      }
      expect((await get(id)).data.Name).to.equal('Kept');
    });
  });

  describe('ListAccountAssociations', () => {
    it('lists items with the documented members only, filtered by ConnectorDestinationId', async () => {
      const created = await create({ Name: 'Listed', Description: 'Shown', Tags: { hidden: 'yes' } });
      const item = (await listAll({ ConnectorDestinationId: 'default' })).find((i) => i.AccountAssociationId === created.data.AccountAssociationId);
      expect(item).to.deep.equal({
        AccountAssociationId: created.data.AccountAssociationId,
        AssociationState: 'ASSOCIATION_IN_PROGRESS',
        ConnectorDestinationId: 'default',
        Name: 'Listed',
        Description: 'Shown',
        Arn: sandboxArnOf(created.data.AccountAssociationId),
      });
      expect((await listAll()).length).to.equal((await listAll({ ConnectorDestinationId: 'default' })).length);
      expect(await listAll({ ConnectorDestinationId: 'elsewhere' })).to.deep.equal([]);
    });

    it('answers 400 ValidationException for MaxResults outside 1-1000, a repeated parameter, or a malformed filter', async () => {
      for (const query of ['MaxResults=0', 'MaxResults=1001', 'MaxResults=ten', 'MaxResults=1.5', 'MaxResults=-1', 'MaxResults=1&MaxResults=2', 'ConnectorDestinationId=a%20b']) {
        expectAwsError(seen(await http.get(url(`?${query}`))), 400, 'ValidationException');
      }
      expect((await list({ MaxResults: '1' })).status).to.equal(200);
      expect((await list({ MaxResults: '1000' })).status).to.equal(200);
    });

    it('refuses a NextToken that was altered, made up, or sent with another filter', async () => {
      await Promise.all([create(), create(), create()]);
      const page = await list({ MaxResults: '1' });
      const token = page.data.NextToken!;
      expect(token).to.match(/^[A-Za-z0-9=_-]{1,65535}$/);
      expect((await list({ MaxResults: '1', NextToken: token })).status).to.equal(200);

      const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
      const firstId = page.data.Items[0]!.AccountAssociationId;
      for (const forged of [flipped, firstId, 'x', Buffer.from(firstId).toString('base64url'), `${token}A`]) {
        const answer = await list({ NextToken: forged });
        expect(expectAwsError(seen(answer), 400, 'ValidationException').Message).to.equal('NextToken is not valid.');
      }
      expectAwsError(seen(await list({ NextToken: token, ConnectorDestinationId: 'default' })), 400, 'ValidationException');
    });
  });

  describe('DeleteAccountAssociation and StartAccountAssociationRefresh', () => {
    it('delete answers 200 with no body, then 404; refresh answers 404 for an unknown association', async () => {
      const id = (await create({ Name: 'Gone' })).data.AccountAssociationId;
      const deleted = await http.delete(url(`/${id}`));
      expect(deleted.status).to.equal(200);
      expect(deleted.data).to.equal('');
      expectAwsError(seen(await get(id)), 404, 'ResourceNotFoundException', { ResourceId: id, ResourceType: 'AccountAssociation' });
      expectAwsError(seen(await http.post(url(`/${id}/refresh`))), 404, 'ResourceNotFoundException', { ResourceId: id, ResourceType: 'AccountAssociation' });
      expectAwsError(seen(await http.post(url(`/${id}/refresh`), '{"Unexpected":1}', { headers: JSON_HEADERS })), 400, 'ValidationException');
    });
  });

  it('answers a method and path that is no operation 404 UnknownOperationException', async () => {
    for (const [method, path] of [
      ['PATCH', ''],
      ['PATCH', '/abc'],
      ['GET', '/abc/refresh'],
      ['GET', '/abc/more/deep'],
    ] as const) {
      const answer = await http.request({ method, url: url(path) });
      expectAwsError(seen(answer), 404, 'UnknownOperationException');
    }
  });
});

describe('ListAccountAssociations across 2,500 associations, MaxResults 1000, on the embedded store', function () {
  this.timeout(180_000);
  let world: LinkingWorld;
  const created = new Set<string>();

  before(async () => {
    world = await startLinkingWorld({ identitySource: 'userinfo' });
    const next = { n: 0 };
    // 20 clients at once, each creating in turn, through the API as a customer would.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next.n < 2500) {
          next.n += 1;
          const answer = await http.post<AssociationAnswer>(`${world.baseUrl}/account-associations`);
          if (answer.status !== 201) throw new Error(`create answered ${answer.status}`);
          created.add(answer.data.AccountAssociationId);
        }
      }),
    );
  });
  after(() => world.stop());

  async function walk(query: Record<string, string>): Promise<{ ids: string[]; pageSizes: number[] }> {
    const ids: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const search = new URLSearchParams({ ...query, MaxResults: '1000', ...(nextToken === undefined ? {} : { NextToken: nextToken }) });
      const page = await http.get<AssociationList>(`${world.baseUrl}/account-associations?${search.toString()}`);
      expect(page.status).to.equal(200);
      pageSizes.push(page.data.Items.length);
      ids.push(...page.data.Items.map((item) => item.AccountAssociationId));
      nextToken = page.data.NextToken;
    } while (nextToken !== undefined && pageSizes.length < 10);
    return { ids, pageSizes };
  }

  it('meets every association exactly once, in pages of 1000, 1000 and 500, in the same order every time, filtered or not', async () => {
    expect(created.size).to.equal(2500);
    const first = await walk({});
    expect(first.pageSizes).to.deep.equal([1000, 1000, 500]);
    expect(new Set(first.ids).size, 'no duplicates').to.equal(2500);
    expect([...first.ids].sort()).to.deep.equal([...created].sort());

    const second = await walk({});
    expect(second.ids, 'a stable order').to.deep.equal(first.ids);
    const filtered = await walk({ ConnectorDestinationId: 'default' });
    expect(filtered.ids).to.deep.equal(first.ids);
    expect((await walk({ ConnectorDestinationId: 'another' })).ids).to.deep.equal([]);
  });

  it('answers 100 items by default', async () => {
    const page = await http.get<AssociationList>(`${world.baseUrl}/account-associations`);
    expect(page.data.Items).to.have.length(100);
    expect(page.data.NextToken).to.be.a('string');
  });
});
