// Mistake: re-exports the lesson's own scheduler instead of writing one.
// Rejected for: the lesson's own
export { createScheduler } from "../../host-scheduler.ts";
