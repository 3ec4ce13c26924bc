// What the loop view's buttons and keys do to the step shown: small and
// free of imports, since the page's script bundles it.

export type LoopAction = "first" | "back" | "next" | "last" | "play";

const KEYS: Record<string, LoopAction> = {
  ArrowLeft: "back",
  ArrowUp: "back",
  ArrowRight: "next",
  ArrowDown: "next",
  Home: "first",
  End: "last",
  " ": "play",
};

/** The action a key stands for in the view, or null if it has none. */
export function keyAction(key: string): LoopAction | null {
  return KEYS[key] ?? null;
}

/** The step to show after `action` from step `index` of `total`. */
export function stepAfter(
  action: Exclude<LoopAction, "play">,
  index: number,
  total: number,
): number {
  const last = Math.max(0, total - 1);
  const next = {
    first: 0,
    back: index - 1,
    next: index + 1,
    last,
  }[action];
  return Math.min(last, Math.max(0, next));
}

/** Where play starts: from the start again when it is at the end. */
export function playFrom(index: number, total: number): number {
  return index >= total - 1 ? 0 : index;
}
