import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

// What Node itself answers for each HTTP parser error (anything else is a 400).
const STATUS_FOR_CODE: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large - the request line and headers exceed the limit'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large - chunk extensions exceed the limit'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/**
 * Requests that Node's HTTP parser refuses (a URL or headers over 16 KiB, a malformed request line)
 * never reach Express; Node answers them with a bare status line. This answers them in the API's
 * one error shape instead, `{"message": …}`, with the status Node would have used.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, text] = STATUS_FOR_CODE[error.code ?? ''] ?? [400, 'Bad request - malformed HTTP request'];
    const body = JSON.stringify({ message: `${status} ${text}` });
    socket.end(
      `HTTP/1.1 ${status} ${text.split(' - ')[0]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
