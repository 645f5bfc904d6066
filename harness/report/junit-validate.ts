// Structural validation of a JUnit XML report against the common schema: the Apache Ant JUnit XSD
// (JUnit.xsd, Windy Road's formalisation of what Ant's junit task writes, which Jenkins, GitLab and
// most CI readers accept). No XSD validator ships with Node or this project's Python, so each rule of
// that schema is written out here, plus the count checks the schema cannot express.
import { parseXml, type XmlElement } from '../files/xml.js';

const INT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
// ISO8601_DATETIME_PATTERN: an xs:dateTime restricted to this lexical pattern (no zone, no fraction).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const collapse = (s: string) => s.replace(/[\t\n\r ]+/g, ' ').trim();

export function validateJUnit(doc: string): string[] {
  let root: XmlElement;
  try {
    root = parseXml(doc);
  } catch (err) {
    return [(err as Error).message];
  }
  const problems: string[] = [];
  if (root.name === 'testsuite') checkSuite(root, 'testsuite', false, problems);
  else if (root.name === 'testsuites') {
    allowedAttrs(root, [], [], 'testsuites', problems);
    noText(root, 'testsuites', problems);
    root.children.forEach((s, k) => {
      if (s.name !== 'testsuite') problems.push(`testsuites: unexpected <${s.name}>`);
      else checkSuite(s, `testsuite[${k}]`, true, problems);
    });
  } else problems.push(`root element must be <testsuite> or <testsuites>, got <${root.name}>`);
  return problems;
}

function allowedAttrs(el: XmlElement, required: string[], optional: string[], where: string, problems: string[]): void {
  for (const a of required) if (!(a in el.attrs)) problems.push(`${where}: missing required attribute ${a}`);
  for (const a of Object.keys(el.attrs)) if (!required.includes(a) && !optional.includes(a)) problems.push(`${where}: attribute ${a} is not in the schema`);
}

function noText(el: XmlElement, where: string, problems: string[]): void {
  if (el.text.trim() !== '') problems.push(`${where}: character data not allowed here`);
}

function checkSuite(s: XmlElement, where: string, aggregated: boolean, problems: string[]): void {
  allowedAttrs(s, ['name', 'timestamp', 'hostname', 'tests', 'failures', 'errors', 'time', ...(aggregated ? ['package', 'id'] : [])], ['skipped'], where, problems);
  const a = s.attrs;
  for (const k of ['name', 'hostname']) if (k in a && collapse(a[k] as string) === '') problems.push(`${where}: ${k} must not be empty`);
  for (const k of ['tests', 'failures', 'errors', 'skipped', ...(aggregated ? ['id'] : [])]) {
    const v = a[k];
    if (v !== undefined && !(INT.test(v.trim()) && Math.abs(Number(v)) <= 2 ** 31)) problems.push(`${where}: ${k}="${v}" is not an xs:int`);
  }
  if (a.time !== undefined && !DECIMAL.test(a.time.trim())) problems.push(`${where}: time="${a.time}" is not an xs:decimal`);
  if (a.timestamp !== undefined && !validTimestamp(a.timestamp)) problems.push(`${where}: timestamp="${a.timestamp}" does not match YYYY-MM-DDTHH:MM:SS (no zone)`);
  noText(s, where, problems);

  // Sequence: properties, testcase*, system-out, system-err, each exactly where the schema puts it.
  const names = s.children.map((c) => c.name);
  const shape = names.map((n) => (n === 'properties' ? 'P' : n === 'testcase' ? 'T' : n === 'system-out' ? 'O' : n === 'system-err' ? 'E' : '?')).join('');
  if (!/^PT*OE$/.test(shape)) problems.push(`${where}: children must be <properties>, <testcase>*, <system-out>, <system-err> in that order, got ${names.map((n) => `<${n}>`).join(' ') || 'none'}`);

  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let tests = 0;
  for (const c of s.children) {
    if (c.name === 'properties') {
      allowedAttrs(c, [], [], `${where}/properties`, problems);
      noText(c, `${where}/properties`, problems);
      for (const p of c.children) {
        const pw = `${where}/properties/${p.name}`;
        if (p.name !== 'property') problems.push(`${where}/properties: unexpected <${p.name}>`);
        allowedAttrs(p, ['name', 'value'], [], pw, problems);
        if (p.attrs.name !== undefined && collapse(p.attrs.name) === '') problems.push(`${pw}: name must not be empty`);
        if (p.children.length || p.text.trim()) problems.push(`${pw}: must be empty`);
      }
    } else if (c.name === 'system-out' || c.name === 'system-err') {
      allowedAttrs(c, [], [], `${where}/${c.name}`, problems);
      if (c.children.length) problems.push(`${where}/${c.name}: only character data allowed`);
    } else if (c.name === 'testcase') {
      tests++;
      const tw = `${where}/testcase[${tests - 1}]`;
      allowedAttrs(c, ['name', 'classname', 'time'], [], tw, problems);
      if (c.attrs.time !== undefined && !DECIMAL.test(c.attrs.time.trim())) problems.push(`${tw}: time="${c.attrs.time}" is not an xs:decimal`);
      noText(c, tw, problems);
      if (c.children.length > 1) problems.push(`${tw}: at most one of <skipped>, <error>, <failure>, got ${c.children.length} children`);
      for (const r of c.children) {
        if (r.name === 'skipped') skipped++; // xs:anyType: any attributes and content
        else if (r.name === 'failure' || r.name === 'error') {
          if (r.name === 'failure') failures++;
          else errors++;
          allowedAttrs(r, ['type'], ['message'], `${tw}/${r.name}`, problems);
          if (r.children.length) problems.push(`${tw}/${r.name}: only character data allowed`);
        } else problems.push(`${tw}: unexpected <${r.name}>`);
      }
    }
  }
  // Not expressible in the XSD, but every reader trusts these counts.
  const expect: [string, number][] = [['tests', tests], ['failures', failures], ['errors', errors], ['skipped', skipped]];
  for (const [k, n] of expect) if (a[k] !== undefined && Number(a[k]) !== n) problems.push(`${where}: ${k}="${a[k]}" but the suite holds ${n}`);
}

function validTimestamp(t: string): boolean {
  const m = TIMESTAMP.exec(t);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 59;
}
