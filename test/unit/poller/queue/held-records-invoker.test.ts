import type { OnFailureWriter } from '../../../../local/poller/delivery/on-failure-writer';
import { PipelineEvents } from '../../../../local/poller/delivery/pipeline-events';
import { FunctionNotInvokedError, type FunctionRuntime, type InvokeOutcome } from '../../../../local/poller/runtime/function-runtime';
import type { EsmSettings } from '../../../../local/poller/settings/esm-settings';
import { AcknowledgeType } from '../../../../local/poller/share-group';
import { HeldRecordsInvoker, type HeldRecord } from '../../../../local/poller/queue/held-records-invoker';
import { AcknowledgementBuffer } from '../../../../local/poller/queue/pending-acknowledgements';
import { emptyQueueCounts } from '../../../../local/poller/queue/queue-counts';

const LEADER = '127.0.0.1:9092';

function held(offset: number, deliveryCount = 1, bytes = 100): HeldRecord {
  const json = JSON.stringify({ topic: 'orders', partition: 0, offset, timestamp: 0, timestampType: 'CREATE_TIME', value: 'eA==', headers: [] });
  return { leader: LEADER, key: 'orders-0', partition: 0, offset, deliveryCount, json, bytes, message: {} as HeldRecord['message'] };
}

const success: InvokeOutcome = { status: 'success', response: null, durationMs: 1 };
const failure: InvokeOutcome = { status: 'error', errorType: 'Error', errorMessage: 'boom', durationMs: 1 };

/** The invoker with a scripted function and a recording on-failure writer: what each record's acknowledgement becomes. */
function invokerWith(outcomes: (InvokeOutcome | Error)[], settings: Partial<EsmSettings> = {}) {
  const acks = new AcknowledgementBuffer();
  const written: { offsets: number[]; condition: string }[] = [];
  const invoked: string[] = [];
  const runtime = {
    invoke: (payload: string) => {
      invoked.push(payload);
      const next = outcomes.shift() ?? success;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  } as unknown as FunctionRuntime;
  const onFailure = {
    write: ({ records, condition }: { records: { offset: number }[]; condition: string }) => {
      written.push({ offsets: records.map((record) => record.offset), condition });
      return Promise.resolve();
    },
  } as unknown as OnFailureWriter;
  const invoker = new HeldRecordsInvoker({
    settings: { topic: 'orders', maximumRetryAttempts: -1, reportBatchItemFailures: false, ...settings } as EsmSettings,
    source: { kind: 'msk', eventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/c/1', bootstrapServers: LEADER },
    runtime,
    onFailure,
    acks,
    tally: emptyQueueCounts(),
    events: new PipelineEvents(),
    signal: new AbortController().signal,
    keepLocked: () => () => undefined,
    deliveryAttemptLimit: () => 5,
    processed: () => undefined,
  });
  const acknowledged = () => [...(acks.take(LEADER).get(0) ?? new Map<bigint, number>())].map(([offset, type]) => [Number(offset), type]);
  return { invoker, acknowledged, written, invoked };
}

describe('HeldRecordsInvoker', () => {
  it('accepts the records of a successful invocation, in one event', async () => {
    const { invoker, acknowledged, invoked } = invokerWith([success]);
    await invoker.invokeAll([held(0), held(1)]);
    expect(invoked).toHaveLength(1);
    expect(Object.keys((JSON.parse(invoked[0]!) as { records: object }).records)).toEqual(['orders-0']);
    expect(acknowledged()).toEqual([
      [0, AcknowledgeType.ACCEPT],
      [1, AcknowledgeType.ACCEPT],
    ]);
  });

  it('releases a failed batch while deliveries are left, and sends it to the on-failure destination, then rejects it, at the last', async () => {
    const first = invokerWith([failure]);
    await first.invoker.invokeAll([held(0, 1)]);
    expect(first.acknowledged()).toEqual([[0, AcknowledgeType.RELEASE]]);
    expect(first.written).toEqual([]);

    const last = invokerWith([failure]);
    await last.invoker.invokeAll([held(0, 5)]);
    expect(last.written).toEqual([{ offsets: [0], condition: 'RetryAttemptsExhausted' }]);
    expect(last.acknowledged()).toEqual([[0, AcknowledgeType.REJECT]]);
  });

  it('releases, uncharged, a batch whose function never ran (the mapping stopped first)', async () => {
    const { invoker, acknowledged, written } = invokerWith([new FunctionNotInvokedError('stopped')]);
    await invoker.invokeAll([held(0), held(1)]);
    expect(acknowledged()).toEqual([
      [0, AcknowledgeType.RELEASE],
      [1, AcknowledgeType.RELEASE],
    ]);
    expect(written).toEqual([]);
  });

  it('sends a record too large for any payload to the on-failure destination uninvoked, and invokes the rest', async () => {
    const { invoker, acknowledged, written, invoked } = invokerWith([success]);
    await invoker.invokeAll([held(0, 1, 7 * 1024 * 1024), held(1)]);
    expect(written).toEqual([{ offsets: [0], condition: 'MaximumPayloadSizeExceeded' }]);
    expect(invoked).toHaveLength(1);
    expect(acknowledged()).toEqual([
      [0, AcknowledgeType.REJECT],
      [1, AcknowledgeType.ACCEPT],
    ]);
  });
});
