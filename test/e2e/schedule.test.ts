import { describe, expect, it } from "vitest";
import { useSite } from "./browser.ts";

const site = useSite();

describe("the facilitator's schedule", () => {
  it("runs from the facilitator's own start and break length, kept across reloads", async () => {
    const { page, errors } = await site.open("/facilitator/");
    const firstStart = page
      .locator(".schedule tbody tr")
      .first()
      .locator("td")
      .first();
    const firstBreak = page.locator(".schedule tbody tr.break").first();
    const finish = page.locator("[data-schedule-finish]");
    const finishBefore = await finish.innerText();
    await expect(firstStart.innerText()).resolves.toBe("09:30");

    await page.locator("input[name=start]").fill("13:00");
    await page.locator("input[name=breakMinutes]").fill("5");
    await expect.poll(() => firstStart.innerText()).toBe("13:00");
    // Three breaks (after lessons 2, 4 and 6) of 5 minutes instead of 15.
    const shift = (clock: string) => {
      const [h = 0, m = 0] = clock.split(":").map(Number);
      return h * 60 + m;
    };
    const breaks = await page.locator(".schedule tbody tr.break").count();
    expect(shift(await finish.innerText()) - shift(finishBefore)).toBe(
      13 * 60 - (9 * 60 + 30) - breaks * 10,
    );
    await expect(firstBreak.locator("td").last().innerText()).resolves.toBe(
      "5",
    );

    await page.reload();
    await expect(firstStart.innerText()).resolves.toBe("13:00");
    await expect(
      page.locator("input[name=breakMinutes]").inputValue(),
    ).resolves.toBe("5");

    await page.getByRole("button", { name: "Reset" }).click();
    await expect.poll(() => firstStart.innerText()).toBe("09:30");
    await expect(finish.innerText()).resolves.toBe(finishBefore);
    await page.reload();
    await expect(firstStart.innerText()).resolves.toBe("09:30");
    expect(errors).toEqual([]);
  });
});
