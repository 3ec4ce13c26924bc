// Mistake: re-exports the worked solution instead of writing the code.
// Rejected for: the worked solution's own
export * from "../solution.ts";
