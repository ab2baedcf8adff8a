// The feed helper over an EventSource stand-in: typed events, the last event id, and resuming
// after the source gives up. (The end-to-end test waits for the feed service.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedSubscription } from '../../src/feed.js';

class FakeEventSource {
  static opened = [];
  readyState = 0;
  listeners = new Map();
  constructor(url) {
    this.url = url;
    FakeEventSource.opened.push(this);
  }
  addEventListener(type, handler) {
    this.listeners.set(type, handler);
  }
  close() {
    this.readyState = 2;
  }
  fire(type, id, data) {
    this.listeners.get(type)?.({ data: JSON.stringify(data), lastEventId: id });
  }
}

test('events arrive by type with parsed data, and a new source resumes after the last id', async () => {
  FakeEventSource.opened = [];
  const feed = new FeedSubscription({
    url: 'http://example.test', channel: 'doc:notes/1', EventSource: FakeEventSource, backoff: { baseMs: 1, maxMs: 1 }, types: ['price'],
  });
  const got = [];
  feed.on('op', (data, meta) => got.push(['op', data.v, meta.id]));
  feed.on('price', (data) => got.push(['price', data.usd]));
  const first = FakeEventSource.opened[0];
  assert.equal(first.url, 'http://example.test/feeds/doc%3Anotes%2F1');
  first.fire('op', '5-0', { v: 3 });
  first.fire('price', '6-0', { usd: 10 });
  assert.deepEqual(got, [['op', 3, '5-0'], ['price', 10]]);
  first.readyState = 2;
  first.onerror({});
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(FakeEventSource.opened[1].url, 'http://example.test/feeds/doc%3Anotes%2F1?since=6-0');
  feed.close();
});

test('a stream the server ended with an expired event reopens at once with a fresh token from the last id', async () => {
  FakeEventSource.opened = [];
  let tokens = 0;
  const feed = new FeedSubscription({
    url: 'http://example.test', channel: 'news', EventSource: FakeEventSource, token: () => `t${++tokens}`,
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const first = FakeEventSource.opened[0];
  assert.equal(first.url, 'http://example.test/feeds/news?token=t1');
  first.fire('message', '5-0', { n: 1 });
  first.fire('expired', '5-0', { reason: 'token expired' });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(first.readyState, 2, 'the expired source is closed, not left to retry with its token');
  assert.equal(FakeEventSource.opened.length, 2);
  assert.equal(FakeEventSource.opened[1].url, 'http://example.test/feeds/news?since=5-0&token=t2');
  feed.close();
});
