import fs from 'node:fs';
import path from 'node:path';
import { Reader } from '../../../../local/poller/share-group/wire';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'share-group');

export interface RecordedExchange {
  apiVersion: number;
  /** The request body after its v2 header, as Kafka's Java client wrote it. */
  request: Buffer;
  /** The response body after its v1 header, as the broker wrote it. */
  response: Buffer;
}

/** The exchanges of one API recorded by test/helpers/share-recorder/record.ts. */
export function recordedExchanges(name: 'share-group-heartbeat' | 'share-group-describe' | 'share-fetch' | 'share-acknowledge'): RecordedExchange[] {
  const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { frames: { apiVersion: number; request: string; response: string }[] };
  return file.frames.map((frame) => {
    const request = Buffer.from(frame.request, 'base64');
    // size, api key, api version, correlation id, client id (int16-length string), tagged fields
    const clientIdLength = request.readInt16BE(12);
    const header = new Reader(request.subarray(14 + clientIdLength));
    header.taggedFields();
    const response = Buffer.from(frame.response, 'base64');
    const responseHeader = new Reader(response.subarray(8));
    responseHeader.taggedFields();
    return {
      apiVersion: frame.apiVersion,
      request: request.subarray(request.length - header.remaining),
      response: response.subarray(response.length - responseHeader.remaining),
    };
  });
}
