import net, { type AddressInfo } from 'node:net';
import { BrokerLink, encodeShareGroupDescribe, UnsupportedApiError } from '../../../../local/poller/share-group';

/**
 * A broker that answers ApiVersions (v2, as kafkajs asks first) with the APIs of a Kafka before
 * share groups: what a Queue mapping meets on an older cluster, or one with share groups off.
 */
async function brokerWithoutShareGroups(): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('data', (frame) => {
      const correlationId = frame.readInt32BE(8);
      const apis = [[18, 0, 3], [3, 0, 12], [10, 0, 4]];
      const body = Buffer.alloc(4 + 2 + 4 + apis.length * 6 + 4);
      let at = body.writeInt32BE(correlationId, 0);
      at = body.writeInt16BE(0, at);
      at = body.writeInt32BE(apis.length, at);
      for (const [key, min, max] of apis) at = body.writeInt16BE(max!, body.writeInt16BE(min!, body.writeInt16BE(key!, at)));
      body.writeInt32BE(0, at);
      const size = Buffer.alloc(4);
      size.writeInt32BE(body.length);
      socket.write(Buffer.concat([size, body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('BrokerLink', () => {
  it('refuses, in words, to send a share-group request to a broker that does not speak it', async () => {
    const server = await brokerWithoutShareGroups();
    const link = new BrokerLink({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, { clientId: 'test' });
    try {
      const sent = link.send('ShareGroupDescribe', encodeShareGroupDescribe(['orders']));
      await expect(sent).rejects.toThrow(UnsupportedApiError);
      await expect(sent).rejects.toThrow(/speaks no version of ShareGroupDescribe, not v1: Queue mode needs Kafka 4\.2 or later with share groups on \(feature share\.version=1\)/);
    } finally {
      await link.close();
      server.close();
    }
  });
});
