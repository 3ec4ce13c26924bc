// Half-close: a client ends its side (sends FIN) to say "that is all I will
// send", and still reads the answer. A server that answers only then, like
// `wc -c` over the network, needs `allowHalfOpen`, or Node closes its side
// as soon as the client's FIN arrives.
import { setImmediate as nextTurn } from "node:timers/promises";
import { startTcpServer, type TcpServer } from "./tcp-server.ts";

export interface CountServer extends TcpServer {
  /** How the write of the first answer went: "ok", or the error. */
  firstAnswer: Promise<string>;
}

// #region count-server
/** Answers "<n> bytes" once the client has sent everything. */
export async function startCountServer(
  allowHalfOpen: boolean,
): Promise<CountServer> {
  let answered!: (outcome: string) => void;
  const firstAnswer = new Promise<string>((resolve) => (answered = resolve));
  const server = await startTcpServer(
    (socket) => {
      let bytes = 0;
      socket.on("data", (chunk: Buffer) => (bytes += chunk.length));
      socket.on("end", async () => {
        // Work before the answer (here one turn of the event loop; in real
        // life a lookup or a computation).
        await nextTurn();
        socket.end(`${bytes} bytes\n`, (error?: NodeJS.ErrnoException) => {
          answered(error ? `${error.code}: ${error.message}` : "ok");
        });
      });
    },
    { allowHalfOpen },
  );
  return { ...server, firstAnswer };
}
// #endregion
