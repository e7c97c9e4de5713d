import { describe, expect, it } from 'vitest';
import { parseTimes, parseWrk } from './wrk';

const REPORT = `Running 8s test @ http://127.0.0.1:40123/v1/observations
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.78ms    5.01ms  61.20ms   79.95%
    Req/Sec     1.66k   120.43     1.90k    70.00%
  Latency Distribution
     50%    8.91ms
     75%   11.58ms
     90%   15.27ms
     99%   28.70ms
  13214 requests in 8.01s, 147.70MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:   1649.69
Transfer/sec:     18.44MB
0m0.004s 0m0.001s
0m0.812s 0m1.402s
`;

describe('parseWrk', () => {
  it('reads totals, percentiles, errors and non-2xx answers', () => {
    const r = parseWrk(REPORT);
    expect(r.requests).toBe(13214);
    expect(r.seconds).toBeCloseTo(8.01);
    expect(r.rps).toBeCloseTo(13214 / 8.01);
    expect(r.p50Ms).toBeCloseTo(8.91);
    expect(r.p99Ms).toBeCloseTo(28.7);
    expect(r.bytes).toBeCloseTo(147.7 * 2 ** 20);
    expect(r.socketErrors).toBe(3);
    expect(r.non2xx).toBe(4);
  });

  it('converts every latency unit to milliseconds', () => {
    const text = REPORT.replace('8.91ms', '850.00us').replace('28.70ms', '1.20s');
    const r = parseWrk(text);
    expect(r.p50Ms).toBeCloseTo(0.85);
    expect(r.p99Ms).toBeCloseTo(1200);
  });

  it('counts no errors when wrk prints none', () => {
    const text = REPORT.replace(/\s*Socket errors.*\n/, '\n').replace(/\s*Non-2xx.*\n/, '\n');
    expect(parseWrk(text)).toMatchObject({ socketErrors: 0, non2xx: 0 });
  });

  it('refuses output without totals or without --latency', () => {
    expect(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/no totals/);
    expect(() => parseWrk(REPORT.replace(/Latency Distribution[\s\S]*?99%.*\n/, ''))).toThrow(/latency/);
  });
});

describe('parseTimes', () => {
  it("reads the children's CPU time from bash's times", () => {
    expect(parseTimes(REPORT)).toBeCloseTo(0.812 + 1.402);
    expect(parseTimes('0m0.000s 0m0.000s\n1m2.500s 0m0.500s\n')).toBeCloseTo(63);
  });
});
