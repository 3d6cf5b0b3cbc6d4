import { inspectPort } from '../../../../local/poller/service/inspector';

describe('--inspect', () => {
  it.each([
    ['9229', 9229],
    ['127.0.0.1:9230', 9230],
    ['localhost:0', 0],
  ])('takes %j as port %j', (text, port) => {
    expect(inspectPort(text)).toBe(port);
  });

  it.each(['0.0.0.0:9229', '70000', 'abc', ''])('refuses %j: the inspector listens on 127.0.0.1 only', (text) => {
    expect(() => inspectPort(text)).toThrow(`--inspect takes a port or 127.0.0.1:port (it listens on 127.0.0.1 only), not '${text}'`);
  });
});
