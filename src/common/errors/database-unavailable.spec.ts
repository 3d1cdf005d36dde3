import { QueryFailedError } from 'typeorm';
import { ConnectorError } from '../../connectors/connector-error.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a refused connection on every address (AggregateError)', Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), { code: 'ECONNREFUSED' })],
    ['a database host that is gone from DNS', withCode('getaddrinfo ENOTFOUND postgres', 'ENOTFOUND')],
    ['a connection terminated mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that waited too long for a connection', new Error('timeout exceeded when trying to connect')],
    ['a server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a connection failure wrapped by TypeORM', new QueryFailedError('SELECT 1', [], withCode('Connection terminated unexpectedly', '08006'))],
  ])('should say yes for %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a syntax error', new QueryFailedError('SELEC 1', [], withCode('syntax error at or near "SELEC"', '42601'))],
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['invalid input for a type', withCode('invalid input syntax for type bigint', '22P02')],
    ['a platform refusing the connection (axios)', Object.assign(withCode('connect ECONNREFUSED 1.2.3.4:443', 'ECONNREFUSED'), { isAxiosError: true })],
    ['a connector error about a platform timeout', new ConnectorError('timeout', 'x: timeout', undefined, undefined, withCode('ETIMEDOUT', 'ETIMEDOUT'))],
    ['nothing', undefined],
    ['a string', 'Connection terminated'],
  ])('should say no for %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
