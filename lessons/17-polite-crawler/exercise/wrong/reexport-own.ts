// Mistake: re-exports the lesson's own scheduler (the solution's, which the crawler uses) instead of writing one.
// Rejected for: the worked solution's own
export { createScheduler } from "../../host-scheduler.ts";
