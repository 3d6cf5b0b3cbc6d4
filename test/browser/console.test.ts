import http from 'node:http';
import type { Admin, Producer } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { connectedAdmin, connectedProducer } from '../helpers/kafka-produce';
import { testKafka, uniqueName } from '../helpers/kafka';
import { createTopic, readRecords } from '../helpers/kafka-records';
import { onFailureTopicSettings } from '../helpers/on-failure-topic';
import { cleanUpPollerServices, PollerService } from '../helpers/poller-service';
import type { PollerProcess } from '../helpers/poller-process';
import { freePorts } from '../helpers/ports';
import { launchChromium, screenshotOnFailure } from './support/browser';

/**
 * The console page (http://127.0.0.1:<status port>/) in a real Chromium, on a poller of its own:
 * one mapping on a 1-partition topic whose on-failure destination is a Kafka topic, so a record
 * the function fails on is dead-lettered as AWS writes it. The tests run in order on one topic:
 * offset 0 warms the function up, 1 is the message, 2 the poison record (the handler fails on
 * it), 3 the poison record sent again (it is processed then: the handler fails on offset 2 only).
 */
describe('the console page', () => {
  const kafka = testKafka();
  let admin: Admin;
  let producer: Producer;
  let browser: Browser;
  let page: Page;
  let poller: PollerProcess;
  let statusPort: number;
  const topic = uniqueName('console-topic');
  const dlq = uniqueName('console-dlq');
  const url = (): string => `http://127.0.0.1:${statusPort}`;

  const write = async (value: string): Promise<number> => {
    const [written] = await producer.send({ topic, acks: -1, messages: [{ partition: 0, key: `key-${value.length}`, value, headers: { 'content-type': 'application/json' } }] });
    return Number(written!.baseOffset);
  };

  beforeAll(async () => {
    [admin, producer] = await Promise.all([connectedAdmin(kafka), connectedProducer(kafka)]);
    await Promise.all([createTopic(kafka, topic, 1), createTopic(kafka, dlq, 1)]);
    [statusPort] = (await freePorts(19_304, [0])) as [number];
    const failing = onFailureTopicSettings(dlq, { maximumRetryAttempts: 0, metricsConfig: { metrics: ['EventCount'] } });
    const service = new PollerService({
      topic,
      statusPort,
      ...failing,
      event: { ...failing.event, batchSize: 10, maximumBatchingWindow: 0 },
      behaviour: { failRecords: [{ partition: 0, offset: 2 }] },
    });
    await write(JSON.stringify({ text: 'warm-up' }));
    [poller, browser] = await Promise.all([service.start(), launchChromium()]);
    // The first invocation bundles the handler; the timing below is of a warm function, as a developer's is after the first record.
    await poller.waitForInvocations(1);
    page = await browser.newPage();
    await page.goto(`${url()}/`);
    await page.locator('#connection[data-state="live"]').waitFor();
  });

  // A test that failed with the event dialog open would leave the page behind it to the next.
  afterEach(() => page?.locator('#detail').evaluate((dialog) => (dialog as unknown as { close(): void }).close()));

  afterAll(async () => {
    await browser?.close();
    await cleanUpPollerServices();
    await kafka.disconnectAll();
  });

  it('shows the mapping: its settings, state, partitions with their lag, and a lag chart', async () => {
    await screenshotOnFailure(page, 'mapping', async () => {
      const mapping = page.locator(`[data-mapping="consume/${topic}"]`);
      await mapping.getByTestId('state').filter({ hasText: 'Enabled' }).waitFor();
      await mapping.getByTestId('last-processing-result').filter({ hasText: 'OK' }).waitFor();
      await mapping.locator('tr[data-partition="0"] [data-testid="lag"]').filter({ hasText: /^0$/ }).waitFor();
      await expectText(mapping.locator('dd[data-metric="InvokedEventCount"]'), '1');
      await expectText(mapping.locator('dl').first(), `onFailureDestinationkafka://${dlq}`);
      await mapping.locator('.lag-chart .uplot canvas').waitFor();
    });
  });

  it('shows an invocation within 2 s of its record being written, and opens the event it was given, decoded', async () => {
    await screenshotOnFailure(page, 'invocation', async () => {
      const written = Date.now();
      const offset = await write(JSON.stringify({ text: 'hello from the browser test' }));
      const row = page.locator(`#invocation-rows tr[data-first-offset="${offset}"]`, { hasText: `${topic}-0` });
      await row.waitFor({ timeout: 5_000 });
      expect(Date.now() - written).toBeLessThanOrEqual(2_000);
      await expectText(row, 'success');

      await row.click();
      const detail = page.locator('#detail-body');
      await detail.filter({ hasText: 'hello from the browser test' }).waitFor();
      const event = JSON.parse((await detail.textContent())!) as { eventSource: string; records: Record<string, { offset: number; decoded: { value: { json: unknown } } }[]> };
      expect(event.eventSource).toBe('aws:kafka');
      expect(event.records[`${topic}-0`]![0]).toMatchObject({ offset, decoded: { value: { json: { text: 'hello from the browser test' } } } });
    });
  });

  it('lists a poison record in the dead-letter view as it arrives, and sends it again to its topic, after confirmation', async () => {
    await screenshotOnFailure(page, 'dead-letter', async () => {
      const poison = JSON.stringify({ text: 'poison record body' });
      expect(await write(poison)).toBe(2);
      const deadLetter = page.locator(`[data-topic="${dlq}"] tr[data-dead-letter="${dlq}-0@0"]`);
      // Live: the view reloads when a dead-letter topic grows, without the Refresh button.
      await deadLetter.waitFor({ timeout: 15_000 });
      await expectText(deadLetter.getByTestId('reason'), 'RetriesExhausted');
      await expectText(deadLetter.getByTestId('source'), `${topic}-0@2`);

      const confirmation = page.waitForEvent('dialog').then(async (dialog) => {
        const message = dialog.message();
        await dialog.accept();
        return message;
      });
      await deadLetter.getByTestId('send-again').click();
      expect(await confirmation).toContain(`${topic}-0@2`);
      await expectText(deadLetter.getByTestId('sent-to'), `sent to ${topic}-0@3`);

      const [again] = (await readRecords(kafka, topic, 4)).filter((record) => record.offset === 3);
      expect(again).toMatchObject({ partition: 0, key: `key-${poison.length}`, value: poison, headers: { 'content-type': 'application/json' } });
      // Processed this time, and shown as it happens.
      await page.locator('#invocation-rows tr[data-first-offset="3"]', { hasText: 'success' }).waitFor();
      const logged = poller.lines.find((line) => line.message === 'record sent again');
      expect(logged).toMatchObject({ from: `${dlq}-0@0`, to: `${topic}-0@3`, valueBytes: poison.length });
      expect(JSON.stringify(poller.lines) + poller.stderr).not.toContain('poison record body');
    });
  });

  it('reads a topic from a given offset in the topic browser, JSON decoded', async () => {
    await screenshotOnFailure(page, 'topic-browser', async () => {
      await page.locator('#topic-select').selectOption(topic);
      await page.locator('#partition-select').selectOption('0');
      await page.locator('#offset-input').fill('1');
      await page.locator('#limit-input').fill('2');
      await page.locator('#topic-form button[type="submit"]').click();
      const rows = page.locator('#topic-rows tr[data-offset]');
      await rows.first().waitFor();
      expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-offset')))).toEqual(['1', '2']);
      expect(JSON.parse((await rows.first().getByTestId('value').textContent())!)).toEqual({ text: 'hello from the browser test' });
    });
  });

  it('refuses "send again" from another origin, or with no origin', async () => {
    const body = JSON.stringify({ topic: dlq, partition: 0, offset: 0 });
    for (const origin of ['http://example.com', undefined]) {
      const response = await fetch(`${url()}/api/dead-letters/send-again`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin && { origin }) },
        body,
      });
      expect(response.status).toBe(403);
    }
    expect((await admin.fetchTopicOffsets(topic))[0]!.high).toBe('4');
  });

  it('answers only requests addressed to 127.0.0.1 or localhost (no DNS rebinding)', async () => {
    const statusOf = (host: string): Promise<number | undefined> =>
      new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: statusPort, path: '/api/state', headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on('error', reject);
      });
    expect(await statusOf(`attacker.example:${statusPort}`)).toBe(403);
    expect(await statusOf(`localhost:${statusPort}`)).toBe(200);
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 10_000 }).catch(async (error: Error) => {
    throw new Error(`expected "${text}" in ${String(locator)}, found "${(await locator.allTextContents()).join(' | ')}": ${error.message}`);
  });
}
