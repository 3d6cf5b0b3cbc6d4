import { MappingState } from '../../../../local/poller/source/mapping-state';
import { crashCause, pollingProblem } from '../../../../local/poller/source/polling-problem';

describe('MappingState', () => {
  it('speaks AWS: Creating and No records processed, then PROBLEM once per cause, then OK', () => {
    const state = new MappingState();
    expect([state.state, state.lastProcessingResult]).toEqual(['Creating', 'No records processed']);
    state.enabled();
    expect(state.polled()).toBe(false);
    expect(state.lastProcessingResult).toBe('No records processed');
    expect(state.failed('Connection error: connect ECONNREFUSED 127.0.0.1:9092')).toBe(true);
    expect(state.failed('Connection error: connect ECONNREFUSED 127.0.0.1:9092')).toBe(false);
    expect(state).toMatchObject({ state: 'Enabled', lastProcessingResult: 'PROBLEM: Connection error: connect ECONNREFUSED 127.0.0.1:9092' });
    expect(state.polled()).toBe(true);
    expect(state.lastProcessingResult).toBe('OK');
    expect(state.processed()).toBe(false);
    state.disabling();
    state.disabled();
    expect(state.state).toBe('Disabled');
  });
});

describe('pollingProblem', () => {
  it('names connection failures, a deleted topic and refused logins; ignores what a rebalance logs', () => {
    expect(pollingProblem('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092' }, 't')).toBe('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(pollingProblem('Connection timeout', { broker: '127.0.0.1:9092' }, 't')).toBe('Connection timeout (broker 127.0.0.1:9092)');
    expect(pollingProblem('Response Fetch(key: 1, version: 11)', { error: 'This server does not host this topic-partition' }, 'orders')).toBe(
      'Topic orders not found: This server does not host this topic-partition',
    );
    expect(pollingProblem('Failed to connect to seed broker', { error: 'SASL SCRAM SHA512 authentication failed' }, 't')).toMatch(/^Failed to connect/);
    expect(pollingProblem('Response Heartbeat(key: 12, version: 3)', { error: 'The group is rebalancing, so a rejoin is needed' }, 't')).toBeUndefined();
  });

  it('gives a crash as its error and what it wraps', () => {
    const error = Object.assign(new Error('LZ4 compression not implemented'), { name: 'KafkaJSNotImplemented' });
    expect(crashCause(error)).toBe('KafkaJSNotImplemented: LZ4 compression not implemented');
    const wrapped = Object.assign(new Error('retries exceeded', { cause: new Error('boom') }), { name: 'KafkaJSNumberOfRetriesExceeded' });
    expect(crashCause(wrapped)).toBe('KafkaJSNumberOfRetriesExceeded: retries exceeded (Error: boom)');
  });
});
