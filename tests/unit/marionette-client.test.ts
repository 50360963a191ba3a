/**
 * The Marionette client (tests/e2e/fixtures/marionette.ts) against a fake
 * server on loopback: packets are `<byte length>:<JSON>`, and TCP may split
 * them anywhere, a multi-byte character included; errors come back as
 * rejections with the server's error code and message.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Marionette } from '../e2e/fixtures/marionette';

const packet = (value: unknown) => {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body]);
};

let server: net.Server | null = null;
afterEach(() => server?.close());

/** A server that greets, then answers each command with `answer(name, params)`, in pieces of 3 bytes. */
async function fakeServer(answer: (name: string, params: unknown) => [unknown, unknown]): Promise<number> {
  server = net.createServer((socket) => {
    const send = (bytes: Buffer) => {
      for (let i = 0; i < bytes.length; i += 3) socket.write(bytes.subarray(i, i + 3));
    };
    send(packet({ applicationType: 'gecko', marionetteProtocol: 3 }));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let colon = buffer.indexOf(0x3a); colon >= 0; colon = buffer.indexOf(0x3a)) {
        const length = Number(buffer.subarray(0, colon).toString());
        if (buffer.length < colon + 1 + length) return;
        const [, id, name, params] = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString()) as [
          number,
          number,
          string,
          unknown,
        ];
        buffer = buffer.subarray(colon + 1 + length);
        const [error, result] = answer(name, params);
        send(packet([1, id, error, result]));
      }
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('the Marionette client', () => {
  it('reads packets split anywhere, multi-byte characters included, and matches answers to commands', async () => {
    const port = await fakeServer((name, params) => [null, { value: { name, params, text: 'Schrödinger’s café' } }]);
    const m = await Marionette.connect(port);
    const [a, b] = await Promise.all([
      m.command<{ value: { name: string; text: string } }>('WebDriver:GetTitle'),
      m.execute<{ params: unknown }>('return 1;', [2]),
    ]);
    expect(a.value).toMatchObject({ name: 'WebDriver:GetTitle', text: 'Schrödinger’s café' });
    expect(b.params).toEqual({ script: 'return 1;', args: [2] });
    m.close();
  });

  it("rejects with the server's error code and message", async () => {
    const port = await fakeServer(() => [{ error: 'no such element', message: 'Unable to locate #x' }, null]);
    const m = await Marionette.connect(port);
    await expect(m.command('WebDriver:FindElement', { using: 'css selector', value: '#x' })).rejects.toThrow(
      'WebDriver:FindElement: no such element: Unable to locate #x',
    );
    m.close();
  });
});
