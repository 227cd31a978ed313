// gRPC length-prefixed messages (a 1-byte compressed flag, a 4-byte big-endian length, the message), as
// carried in the body of one HTTP/2 request. Compressed messages use the call's grpc-encoding.
import { gunzipSync, inflateSync } from 'node:zlib';

const DECOMPRESS: Record<string, (bytes: Buffer) => Buffer> = { gzip: gunzipSync, deflate: inflateSync };

export function readGrpcMessages(body: Buffer, encoding: string): Buffer[] {
  const messages: Buffer[] = [];
  for (let offset = 0; offset < body.length;) {
    if (offset + 5 > body.length) throw new Error('truncated gRPC message prefix');
    const compressed = body[offset] === 1;
    const length = body.readUInt32BE(offset + 1);
    const end = offset + 5 + length;
    if (end > body.length) throw new Error(`gRPC message of ${length} bytes is truncated`);
    const message = body.subarray(offset + 5, end);
    if (!compressed) messages.push(message);
    else if (DECOMPRESS[encoding]) messages.push(DECOMPRESS[encoding](message));
    else throw new Error(`unsupported grpc-encoding ${encoding}`);
    offset = end;
  }
  return messages;
}
