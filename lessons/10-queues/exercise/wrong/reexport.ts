// Mistake: BoundedQueue is the lesson's own AsyncQueue exported again under the exercise's name, so nothing of the learner's is tested.
// Rejected for: the lesson's own AsyncQueue
export { AsyncQueue as BoundedQueue } from "../../queue.ts";
