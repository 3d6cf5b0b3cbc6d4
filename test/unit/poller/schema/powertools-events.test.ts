import { compileSchema } from '../../../../local/poller/schema/formats';
import { readConfluentFrame, readGlueFrame } from '../../../../local/poller/schema/wire-format';

/**
 * Values of events recorded from real mappings with `eventRecordFormat: SOURCE`, from Powertools
 * for AWS Lambda (TypeScript), packages/kafka/tests/events/protobuf-complex.confluent.json and
 * protobuf-complex.glue.json, with their schema packages/kafka/tests/protos/complex.proto. Framed
 * again as the producer wrote them, they must decode to the same message, and unframing must give
 * back exactly the bytes AWS delivered: message indexes kept (Confluent "AgIK...", Glue "AQo...").
 */
const COMPLEX_PROTO = `syntax = "proto3";
package com.example.protobuf;
message Address { string street = 1; string city = 2; string zip = 3; }
message UserProfile {
  string userId = 1; string name = 2; string email = 3; int32 age = 4; bool isActive = 5;
  string signupDate = 6; repeated string tags = 7; map<string, string> preferences = 9; Address address = 10;
}`;
const CONFLUENT_SOURCE_VALUE =
  'AgIKJGE4ZTQwOTcxLTE1NTItNDIwZC1hN2M5LWI4OTgyMzI1NzAyZBIDQm9iGg9ib2JAZXhhbXBsZS5jb20gHCgBMgoyMDI0LTAyLTAyOgR0YWcxOgR0YWcyQQAAAAAAAFZASg4KBXRoZW1lEgVsaWdodFIZCgcxMjMgQXZlEgdTZWF0dGxlGgU5ODEwMQ==';
const GLUE_SOURCE_VALUE = 'AQoDMTIzEgRUZXN0Ggx0ZXN0QGdteC5jb20gCjIKMjAyNS0wNi0yMDoEdGFnMToEdGFnMkoOCgV0aGVtZRIFbGlnaHRSGgoKTXl0aGVucXVhaRIGWnVyaWNoGgQ4MDAy';
const GLUE_SCHEMA_ID = '12345678-1234-1234-1234-123456789012';

describe("Protobuf as AWS delivers it (Powertools' recorded events)", () => {
  const schema = compileSchema('PROTOBUF', COMPLEX_PROTO);

  it('Confluent: schema id 1, message indexes [1] (UserProfile)', () => {
    const delivered = Buffer.from(CONFLUENT_SOURCE_VALUE, 'base64');
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), delivered]);
    const { schemaId, payload } = readConfluentFrame(framed);
    expect(schemaId).toBe('1');
    expect(payload.toString('base64')).toBe(CONFLUENT_SOURCE_VALUE);
    expect(JSON.parse(schema.decode(payload, 'confluent'))).toMatchObject({
      userId: 'a8e40971-1552-420d-a7c9-b8982325702d',
      name: 'Bob',
      age: 28,
      isActive: true,
      tags: ['tag1', 'tag2'],
      preferences: { theme: 'light' },
      address: { street: '123 Ave', city: 'Seattle', zip: '98101' },
    });
  });

  it('Glue: the schema version UUID, message index 1 (UserProfile)', () => {
    const delivered = Buffer.from(GLUE_SOURCE_VALUE, 'base64');
    const framed = Buffer.concat([Buffer.from([3, 0]), Buffer.from(GLUE_SCHEMA_ID.replaceAll('-', ''), 'hex'), delivered]);
    const { schemaId, payload } = readGlueFrame(framed);
    expect(schemaId).toBe(GLUE_SCHEMA_ID);
    expect(payload.toString('base64')).toBe(GLUE_SOURCE_VALUE);
    expect(JSON.parse(schema.decode(payload, 'glue'))).toMatchObject({ userId: '123', name: 'Test', email: 'test@gmx.com', age: 10, address: { street: 'Mythenquai', city: 'Zurich', zip: '8002' } });
  });
});
