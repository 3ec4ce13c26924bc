import { describe, expect, it } from "vitest";
import { useSite } from "./browser.ts";

const site = useSite();

async function openWithClipboard(path: string) {
  const opened = await site.open(path);
  await opened.page
    .context()
    .grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: site.url("/"),
    });
  return opened;
}

describe("copy buttons", () => {
  it("copies a snippet's code to the clipboard and says Copied", async () => {
    const lesson = site.lessonPaths()[0] ?? "/";
    const { page, errors } = await openWithClipboard(lesson);
    const block = page.locator(".code-block").first();
    // Code off screen is not laid out (global.css), and so has no innerText:
    // what the reader sees is read once it is on screen.
    await block.scrollIntoViewIfNeeded();
    await expect.poll(() => block.locator("pre").innerText()).not.toBe("");
    const code = await block.locator("pre").innerText();
    const button = block.locator("button[data-copy]");

    await button.click();
    await expect.poll(() => button.innerText()).toBe("Copied");
    await expect(button.getAttribute("aria-label")).resolves.toBe("Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(code.replace(/\n$/, ""));
    expect(copied.length).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });

  it("works from the keyboard and copies a command exactly", async () => {
    const lesson = site.lessonPaths()[0] ?? "/";
    const { page } = await openWithClipboard(lesson);
    const line = page.locator(".run-it .command-line").first();
    const command = (await line.locator("code").innerText()).replace(
      /^\$ /,
      "",
    );
    const button = line.locator("button[data-copy]");

    await button.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => button.innerText()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      command,
    );
    expect(command).toMatch(/^npm run lesson:/);
  });

  it("copies the recorded output of a run", async () => {
    const lesson = site.lessonPaths()[0] ?? "/";
    const { page } = await openWithClipboard(lesson);
    const terminal = page.locator(".terminal").first();
    await terminal.scrollIntoViewIfNeeded();
    await expect.poll(() => terminal.locator("pre").innerText()).not.toBe("");
    const output = await terminal.locator("pre").innerText();
    await terminal.locator("button[data-copy]").click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(output.replace(/\n$/, ""));
  });
});
