import { expect } from 'chai';

/**
 * The bodies the association endpoints answer, as the tests read them: `POST /account-associations` sends
 * the id, the state, the URL and the Arn; `GET` every field of GetAccountAssociation (the URL empty once no
 * round trip is pending) and our `UserId`; `POST …/refresh` only the URL.
 */
export interface AssociationAnswer {
  readonly AccountAssociationId: string;
  readonly AssociationState: string;
  readonly OAuthAuthorizationUrl: string;
  readonly Arn: string;
  readonly ConnectorDestinationId?: string;
  readonly Name?: string;
  readonly Description?: string;
  readonly Tags?: Readonly<Record<string, string>>;
  readonly UserId?: string;
  readonly ErrorMessage?: string;
}

/** An item of ListAccountAssociations. */
export type AssociationItem = Omit<AssociationAnswer, 'OAuthAuthorizationUrl' | 'Tags' | 'UserId'>;

export interface AssociationList {
  readonly Items: readonly AssociationItem[];
  readonly NextToken?: string;
}

/** The restJson1 error body of the association endpoints. */
export interface AwsError {
  readonly Message: string;
  readonly ResourceId?: string;
  readonly ResourceType?: string;
}

/** The Arn the sandbox defaults give an association. */
export function sandboxArnOf(associationId: string): string {
  return `arn:aws:iotmanagedintegrations:us-east-1:000000000000:account-association/${associationId}`;
}

/** A response as fastify's inject or axios give one: a status, headers and a parsed body. */
export interface ResponseLike {
  readonly status: number;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

/** Asserts the AWS error shape: the status, `X-Amzn-ErrorType`, and a body of `Message` (and what else is given). */
export function expectAwsError(response: ResponseLike, status: number, exceptionName: string, extra: Partial<AwsError> = {}): AwsError {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.headers['x-amzn-errortype']).to.equal(exceptionName);
  const body = response.body as AwsError;
  expect(body.Message).to.be.a('string').and.not.equal('');
  expect(Object.keys(body).sort()).to.deep.equal(['Message', ...Object.keys(extra)].sort());
  expect(body).to.deep.include(extra);
  return body;
}
