// Mistake: renames the exported function, so the check cannot find countPrimes.
// Rejected for: does not export `countPrimes`
// The working solution, under another name.
export { countPrimes as primeCount } from "../solution.ts";
