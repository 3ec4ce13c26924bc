// Mistake: renames the exported function, so the check cannot find getAllAtOnce.
// Rejected for: does not export `getAllAtOnce`
export type { AllCallback } from "../solution.ts";
// The working solution, under another name.
export { getAllAtOnce as getAll } from "../solution.ts";
