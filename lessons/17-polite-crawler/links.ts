// The links of an HTML page: the `href` of every `<a>`, entities decoded.
// A regular expression is enough for the bundled server's pages; a real
// crawler would use an HTML parser (parse5, or cheerio on top of it).

const ANCHOR = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/gi;
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function decode(text: string): string {
  return text.replace(
    ENTITY,
    (whole, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? "", 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

/** Every `<a href>` of `html`, in page order. */
export function extractLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(ANCHOR)) {
    links.push(decode(match[1] ?? match[2] ?? match[3] ?? ""));
  }
  return links;
}
