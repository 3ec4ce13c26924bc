// Which key presses the site turns into navigation. A key typed into a field
// belongs to the field, and modified keys belong to the browser.

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  target: { tagName?: string; isContentEditable?: boolean } | null;
}

export type KeyAction =
  "previous" | "next" | "search" | "shortcuts" | undefined;

const TYPING_TAGS = new Set(["INPUT", "TEXTAREA", "SELECT"]);

export function isTyping(target: KeyPress["target"]): boolean {
  if (!target) return false;
  return (
    TYPING_TAGS.has((target.tagName ?? "").toUpperCase()) ||
    target.isContentEditable === true
  );
}

export function keyAction(press: KeyPress): KeyAction {
  if (press.altKey || press.ctrlKey || press.metaKey) return undefined;
  if (isTyping(press.target)) return undefined;
  if (press.key === "/") return "search";
  // "?" takes Shift on most layouts, so it is checked before Shift is.
  if (press.key === "?") return "shortcuts";
  if (press.shiftKey) return undefined;
  if (press.key === "ArrowLeft") return "previous";
  if (press.key === "ArrowRight") return "next";
  return undefined;
}
