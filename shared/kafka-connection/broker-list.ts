/** `host:port`, where the host is a name, an IPv4 address, or an IPv6 address in brackets (`[::1]:9092`). */
const BROKER = /^(\[[0-9a-fA-F:.]+\]|[^\s:,[\]]+):(\d{1,5})$/;

/** What a broker list must look like, for error messages. */
export const BROKER_LIST_FORMAT = 'host:port brokers, comma-separated (an IPv6 host in brackets: [::1]:9092)';

/**
 * A broker list as KAFKA_BROKERS, `--brokers` and the plugin's `brokers` give it: a comma-separated
 * string or a list of `host:port`. Undefined when it is empty or any entry is not a broker with a
 * port 1..65535. The one reading of a broker list: the functions, the poller's CLI and the plugin
 * all parse theirs here.
 */
export function parseBrokerList(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? value.split(',').map((broker) => broker.trim()) : value;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const valid = list.every((broker) => {
    if (typeof broker !== 'string') return false;
    const port = BROKER.exec(broker)?.[2];
    return port !== undefined && Number(port) >= 1 && Number(port) <= 65_535;
  });
  return valid ? (list as string[]) : undefined;
}
