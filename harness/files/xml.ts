// Just enough XML for JUnit: escaping on the way out (XML 1.0 forbids most control characters even as
// references, so they are replaced), and a small strict parser for checking what we wrote.

// Characters XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return s.replace(INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and newlines/tabs as references so parsers do not normalise them to spaces. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

/** Parses a document (prolog, comments, elements, attributes, text, CDATA, entities); throws on malformed input. */
export function parseXml(doc: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`XML not well-formed at offset ${at}: ${what}`);
  };
  const bad = INVALID.exec(doc);
  INVALID.lastIndex = 0;
  if (bad) fail(`character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase()} not allowed in XML 1.0`);
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
      if (ref === undefined) return fail(`bare '&'`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ref in named) return named[ref] as string;
      const num = /^#(\d+)$/.exec(ref) ? Number(ref.slice(1)) : /^#x[0-9a-fA-F]+$/.test(ref) ? parseInt(ref.slice(2), 16) : NaN;
      if (Number.isNaN(num)) return fail(`unknown entity ${m}`);
      const ch = String.fromCodePoint(num);
      if (ch.replace(INVALID, '') !== ch) fail(`reference ${m} to a character XML forbids`);
      return ch;
    });
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(at))?.[0].length ?? 0;
      at += ws;
      if (doc.startsWith('<!--', at)) {
        const end = doc.indexOf('-->', at);
        if (end < 0) fail('unterminated comment');
        at = end + 3;
      } else if (doc.startsWith('<?', at)) {
        const end = doc.indexOf('?>', at);
        if (end < 0) fail('unterminated processing instruction');
        at = end + 2;
      } else return;
    }
  };
  const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
  const element = (): XmlElement => {
    if (doc[at] !== '<') fail('expected an element');
    at++;
    const name = NAME.exec(doc.slice(at))?.[0] ?? fail('bad element name');
    at += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const m = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(doc.slice(at));
      if (!m) break;
      const key = m[1] as string;
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      el.attrs[key] = decode((m[3] ?? m[4] ?? '').replace(/[\t\n\r]/g, ' '));
      at += m[0].length;
    }
    const close = /^\s*(\/?)>/.exec(doc.slice(at)) ?? fail(`bad start tag <${name}`);
    at += close[0].length;
    if (close[1] === '/') return el;
    for (;;) {
      if (at >= doc.length) fail(`<${name}> not closed`);
      if (doc.startsWith('</', at)) {
        const end = new RegExp(`^</${name.replace(/[.]/g, '\\.')}\\s*>`).exec(doc.slice(at)) ?? fail(`expected </${name}>`);
        at += end[0].length;
        return el;
      }
      if (doc.startsWith('<![CDATA[', at)) {
        const end = doc.indexOf(']]>', at);
        if (end < 0) fail('unterminated CDATA');
        el.text += doc.slice(at + 9, end);
        at = end + 3;
      } else if (doc.startsWith('<!--', at) || doc.startsWith('<?', at)) {
        skipMisc();
      } else if (doc[at] === '<') {
        el.children.push(element());
      } else {
        const next = doc.indexOf('<', at);
        const raw = doc.slice(at, next < 0 ? doc.length : next);
        if (raw.includes(']]>')) fail("']]>' in text");
        el.text += decode(raw);
        at += raw.length;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (at !== doc.length) fail('content after the root element');
  return root;
}
