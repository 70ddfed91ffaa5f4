// Waits for something another process or connection does (an entry arriving on another desk, a deadline
// firing on a survivor): polls, and fails naming what it waited for. Never a timing assertion: the limit is
// only how long a broken desk is given before the test says so.
export async function until(
  what: string,
  done: () => boolean | Promise<boolean>,
  ms = 20_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
