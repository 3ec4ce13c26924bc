import { describe, expect, it } from "vitest";
import { keyAction, type KeyPress } from "../../src/lib/keys.ts";

function press(key: string, extra: Partial<KeyPress> = {}): KeyPress {
  return {
    key,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    target: { tagName: "BODY" },
    ...extra,
  };
}

describe("keyAction", () => {
  it("turns arrows into previous and next, and / into search", () => {
    expect(keyAction(press("ArrowLeft"))).toBe("previous");
    expect(keyAction(press("ArrowRight"))).toBe("next");
    expect(keyAction(press("/"))).toBe("search");
    expect(keyAction(press("j"))).toBeUndefined();
  });

  it("turns ? (with the Shift it takes) into the list of shortcuts", () => {
    expect(keyAction(press("?", { shiftKey: true }))).toBe("shortcuts");
    expect(
      keyAction(press("?", { shiftKey: true, target: { tagName: "INPUT" } })),
    ).toBeUndefined();
  });

  it("leaves keys typed into a field to the field", () => {
    expect(
      keyAction(press("ArrowRight", { target: { tagName: "input" } })),
    ).toBeUndefined();
    expect(
      keyAction(press("/", { target: { tagName: "TEXTAREA" } })),
    ).toBeUndefined();
    expect(
      keyAction(
        press("ArrowLeft", {
          target: { tagName: "DIV", isContentEditable: true },
        }),
      ),
    ).toBeUndefined();
  });

  it("leaves modified keys to the browser", () => {
    expect(keyAction(press("ArrowLeft", { altKey: true }))).toBeUndefined();
    expect(keyAction(press("ArrowRight", { metaKey: true }))).toBeUndefined();
    expect(keyAction(press("ArrowRight", { shiftKey: true }))).toBeUndefined();
  });
});
