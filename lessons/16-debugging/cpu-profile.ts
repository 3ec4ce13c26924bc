// Reads a V8 CPU profile (`node --cpu-prof` writes one as JSON) and tells
// where the time went. The profile is a call tree (`nodes`, each a
// function at one place in the tree, with its `children`) and a list of
// samples: every sample names the node that was running at that moment,
// and `timeDeltas` says how long after the sample before it was taken.
// A function's self time is the time of the samples taken while it was
// the one running, wherever in the tree it was.

/** What `--cpu-prof` writes, as far as this module needs it. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: {
      functionName: string;
      url: string;
      /** 0-based. */
      lineNumber: number;
      columnNumber: number;
    };
    children?: number[];
  }[];
  /** Microseconds. */
  startTime: number;
  endTime: number;
  /** The node id of each sample. */
  samples: number[];
  /** Microseconds since the sample before (the first: since startTime). */
  timeDeltas: number[];
}

export interface FunctionTime {
  /** The function's name, or `(anonymous)`; V8's own entries keep theirs:
   * `(garbage collector)`, `(idle)`, `(program)`. */
  name: string;
  url: string;
  /** 1-based, as an editor counts; 0 for V8's own entries. */
  line: number;
  selfMs: number;
}

// #region self-time
/** Self time per function, most first. */
export function selfTimes(profile: CpuProfile): FunctionTime[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, FunctionTime>();
  // Sample i lasts until sample i + 1 is taken, the last until the end.
  let at = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (at += delta));
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    if (node === undefined) throw new Error(`no node ${id} in the profile`);
    const lasted = (times[i + 1] ?? profile.endTime) - (times[i] ?? at);
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName} ${url}:${lineNumber}`;
    const entry = byFunction.get(key) ?? {
      name: functionName === "" ? "(anonymous)" : functionName,
      url,
      line: lineNumber + 1,
      selfMs: 0,
    };
    entry.selfMs += Math.max(0, lasted) / 1000;
    byFunction.set(key, entry);
  });
  return [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs);
}
// #endregion

/** The profile's whole length in milliseconds. */
export function profileMs(profile: CpuProfile): number {
  return (profile.endTime - profile.startTime) / 1000;
}
