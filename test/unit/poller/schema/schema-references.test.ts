import avro from 'avsc';
import protobuf from 'protobufjs';
import { compileSchema } from '../../../../local/poller/schema/formats';

describe('schemas that reference others (Confluent `references`)', () => {
  it('Avro: a named type from another subject', () => {
    const money = JSON.stringify({ type: 'record', name: 'Money', namespace: 'shop', fields: [{ name: 'cents', type: 'long' }, { name: 'currency', type: 'string' }] });
    const order = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'total', type: 'shop.Money' }] });
    const registry = {};
    avro.Type.forSchema(JSON.parse(money) as avro.Schema, { registry });
    const payload = avro.Type.forSchema(JSON.parse(order) as avro.Schema, { registry }).toBuffer({ id: 'o1', total: { cents: 250, currency: 'EUR' } });
    expect(compileSchema('AVRO', order, [{ name: 'shop.Money', schema: money }]).decode(payload, 'confluent')).toBe('{"id":"o1","total":{"cents":250,"currency":"EUR"}}');
  });

  it('Protobuf: an imported file, and a well-known type no registry stores', () => {
    const money = 'syntax = "proto3"; package shop; message Money { int64 cents = 1; string currency = 2; }';
    const order = 'syntax = "proto3"; package shop; import "money.proto"; import "google/protobuf/timestamp.proto"; message Order { string id = 1; Money total = 2; google.protobuf.Timestamp placed_at = 3; }';
    const root = new protobuf.Root();
    protobuf.parse(money, root);
    protobuf.parse(order, root);
    root.addJSON(protobuf.common.get('google/protobuf/timestamp.proto')!.nested!);
    const type = root.lookupType('shop.Order');
    const payload = type.encode(type.fromObject({ id: 'o1', total: { cents: 250, currency: 'EUR' }, placedAt: { seconds: 10 } })).finish();
    // The message indexes select Order, the only message of the schema's own file, not Money.
    const decoded = compileSchema('PROTOBUF', order, [{ name: 'money.proto', schema: money }]).decode(Buffer.concat([Buffer.from([0]), payload]), 'confluent');
    expect(JSON.parse(decoded)).toEqual({ id: 'o1', total: { cents: '250', currency: 'EUR' }, placedAt: { seconds: '10' } });
  });

  it('JSON Schema: a $ref to a referenced schema', () => {
    const money = JSON.stringify({ $id: 'money.json', type: 'object', required: ['cents'], properties: { cents: { type: 'integer' } } });
    const order = JSON.stringify({ type: 'object', properties: { total: { $ref: 'money.json' } } });
    const compiled = compileSchema('JSON', order, [{ name: 'money.json', schema: money }]);
    expect(compiled.decode(Buffer.from('{"total":{"cents":1}}'), 'confluent')).toBe('{"total":{"cents":1}}');
    expect(() => compiled.decode(Buffer.from('{"total":{"cents":"x"}}'), 'confluent')).toThrow('does not satisfy its schema');
  });
});
