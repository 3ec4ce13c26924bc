// A DNS server small enough to read: it answers every question for an A
// record with 127.0.0.1. It listens on a free UDP port of 127.0.0.1, so that
// `dns.resolve4` (c-ares, which asks a DNS server over the network) has a
// server to ask that is on this machine.
import { createSocket } from "node:dgram";
import { once } from "node:events";

export interface TinyDns {
  /** For `resolver.setServers([...])`: "127.0.0.1:port". */
  address: string;
  close(): Promise<void>;
}

const HEADER = 12;
const FLAGS_ANSWER = 0x8180; // A response, recursion desired and available.
// The name is a pointer to the question's (offset 12), type A, class IN,
// a TTL of 60 s, and four bytes of address.
const ANSWER = Buffer.from([
  0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1,
]);

/** The query's header and question, made into the header of an answer. */
function answer(query: Buffer): Buffer | null {
  let end = HEADER;
  // The question's name is labels, each after its length, ended by a 0.
  while (end < query.length && query[end] !== 0) end += (query[end] ?? 0) + 1;
  end += 5; // The 0, the type and the class.
  if (end > query.length) return null;
  const head = Buffer.from(query.subarray(0, end));
  head.writeUInt16BE(FLAGS_ANSWER, 2);
  head.writeUInt16BE(1, 6); // One answer,
  head.writeUInt16BE(0, 8); // no authority records,
  head.writeUInt16BE(0, 10); // and no additional ones.
  return Buffer.concat([head, ANSWER]);
}

export async function startTinyDns(): Promise<TinyDns> {
  const socket = createSocket("udp4");
  socket.on("message", (query, peer) => {
    const reply = answer(query);
    if (reply !== null) socket.send(reply, peer.port, peer.address);
  });
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
