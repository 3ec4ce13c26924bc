// Wait for a condition on the server's state, bounded: the failure says what
// never happened and what was seen last.
export async function waitFor<T>(
  what: string,
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (performance.now() > deadline) {
      throw new Error(
        `${what} did not happen within ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
