// Mistake: re-exports the worked solution instead of writing the two loops.
// Rejected for: the worked solution's own
export * from "../solution.ts";
