import { expect } from 'chai';
import { awsErrorAnswer, exceptionOf } from '#adapters/http/aws-error-answer.js';
import { AssociationNotFound } from '#domain/errors/association-not-found.js';
import { ClientTokenReused } from '#domain/errors/client-token-reused.js';
import { ConnectorDestinationNotFound } from '#domain/errors/connector-destination-not-found.js';
import { ERROR_CODES } from '#domain/errors/error-code.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { PersistenceUnavailable } from '#adapters/persistence/persistence-unavailable.js';

describe('awsErrorAnswer: the restJson1 errors of the association routes', () => {
  it('gives every error code an exception whose status is the one MI-API §2 lists', () => {
    const statuses: Record<string, number> = {
      ValidationException: 400,
      UnauthorizedException: 401,
      AccessDeniedException: 403,
      ResourceNotFoundException: 404,
      ConflictException: 409,
      InternalServerException: 500,
      ServiceUnavailableException: 503,
    };
    for (const code of ERROR_CODES) {
      const { statusCode, exceptionName } = exceptionOf(code);
      expect(statuses[exceptionName], code).to.equal(statusCode);
    }
  });

  it('answers a bug 500 InternalServerException saying nothing of the error', () => {
    const answer = awsErrorAnswer(new Error('secret-token-value at /path/of/the/code'));
    expect(answer).to.deep.equal({ statusCode: 500, exceptionName: 'InternalServerException', body: { Message: 'The service failed unexpectedly.' } });
  });

  it('names the missing resource of a 404, and only of a 404', () => {
    expect(awsErrorAnswer(new AssociationNotFound('abc1')).body).to.deep.equal({
      Message: 'Account association abc1 does not exist.',
      ResourceId: 'abc1',
      ResourceType: 'AccountAssociation',
    });
    expect(awsErrorAnswer(new ConnectorDestinationNotFound('dest')).body).to.deep.include({ ResourceId: 'dest', ResourceType: 'ConnectorDestination' });
    expect(Object.keys(awsErrorAnswer(new ClientTokenReused('abc1')).body)).to.deep.equal(['Message']);
  });

  it('answers validation 400, a reused ClientToken 409 and an unavailable store 503', () => {
    expect(awsErrorAnswer(new InvalidRequest('Name must be a string.'))).to.deep.include({ statusCode: 400, exceptionName: 'ValidationException' });
    expect(awsErrorAnswer(new ClientTokenReused('a'))).to.deep.include({ statusCode: 409, exceptionName: 'ConflictException' });
    expect(awsErrorAnswer(new PersistenceUnavailable('PutItem', 'links', { cause: new Error('down') }))).to.deep.include({
      statusCode: 503,
      exceptionName: 'ServiceUnavailableException',
    });
  });
});
