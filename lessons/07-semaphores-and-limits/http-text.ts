// One GET with `node:http`, through an `Agent` the caller chooses: the agent
// decides which socket carries the request.
import http from "node:http";

export interface GetTextOptions {
  agent: http.Agent;
  signal?: AbortSignal;
}

/** GET `url` and resolve with the body; reject on an error or a 4xx/5xx. */
export function getText(url: URL, options: GetTextOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      {
        agent: options.agent,
        ...(options.signal && { signal: options.signal }),
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("error", reject);
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status < 400) resolve(body);
          else reject(new Error(`GET ${url.pathname} answered ${status}`));
        });
      },
    );
    request.on("error", reject);
  });
}
