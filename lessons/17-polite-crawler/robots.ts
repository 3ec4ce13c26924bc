// robots.txt as RFC 9309 reads it: the group for our user agent (or `*`),
// and the longest matching `Allow` or `Disallow` rule decides; on a tie,
// `Allow` wins. `*` in a rule matches anything, `$` ends it.

export interface Rule {
  allow: boolean;
  pattern: string;
}

export interface Robots {
  /** Whether `path` (path and query) may be fetched. */
  allows(path: string): boolean;
  rules: Rule[];
}

function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}${anchored ? "$" : ""}`).test(path);
}

export function robotsFrom(rules: Rule[]): Robots {
  return {
    rules,
    allows(path) {
      let best: Rule | undefined;
      for (const rule of rules) {
        if (rule.pattern === "" || !matches(rule.pattern, path)) continue;
        const longer = rule.pattern.length > (best?.pattern.length ?? -1);
        const tie = rule.pattern.length === best?.pattern.length;
        if (longer || (tie && rule.allow)) best = rule;
      }
      return best?.allow ?? true;
    },
  };
}

export const ALLOW_ALL = robotsFrom([]);
export const DISALLOW_ALL = robotsFrom([{ allow: false, pattern: "/" }]);

// #region parse
/** The rules of `text` for the crawler called `agent`. */
export function parseRobots(text: string, agent: string): Robots {
  const groups = new Map<string, Rule[]>();
  let agents: string[] = [];
  let inRules = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      // A user-agent line after rules starts a new group.
      if (inRules) agents = [];
      inRules = false;
      agents.push(value.toLowerCase());
      for (const name of agents) groups.set(name, groups.get(name) ?? []);
    } else if (key === "allow" || key === "disallow") {
      inRules = true;
      for (const name of agents) {
        groups.get(name)?.push({ allow: key === "allow", pattern: value });
      }
    }
  }
  const mine = groups.get(agent.toLowerCase()) ?? groups.get("*") ?? [];
  return robotsFrom(mine);
}
// #endregion
