// A consumer app's package.json and package-lock.json for the packed tarball: its dependencies (and any
// extra packages, at the versions given) with the versions and integrity hashes of this repository's own
// lockfile, so `npm ci --offline` installs them from npm's cache (what `npm ci` here put there), with no
// registry at all: a lockfile spares npm the package metadata `npm install --offline` would ask for.

interface LockEntry {
  version: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
}

/** Where node's resolution finds `name` from the package at lock key `from` ('' is the root). */
function resolveKey(lock: Record<string, LockEntry>, from: string, name: string): string {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock[key]) return key;
    if (!dir) throw new Error(`package-lock.json has no ${name} reachable from ${from || 'the root'}`);
  }
}

export function consumerApp(
  repoLock: { packages: Record<string, LockEntry> },
  pkg: Manifest,
  tarball: string,
  extra: Record<string, string>,
): { packageJson: object; packageLock: object } {
  const lock = repoLock.packages;
  const entries: Record<string, LockEntry> = {};
  const visit = (key: string): void => {
    if (entries[key]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock[key] as LockEntry;
    entries[key] = entry;
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(resolveKey(lock, key, dep));
  };
  for (const dep of Object.keys(pkg.dependencies ?? {})) visit(resolveKey(lock, '', dep));
  for (const [name, version] of Object.entries(extra)) {
    const key = resolveKey(lock, '', name);
    if (lock[key]?.version !== version) throw new Error(`package-lock.json has ${name}@${lock[key]?.version}, not ${version}`);
    visit(key);
  }
  const spec = `file:${tarball}`;
  const app = { name: 'consumer-app', version: '1.0.0', private: true, type: 'module', dependencies: { [pkg.name]: spec, ...extra } };
  const self: LockEntry = { version: pkg.version, resolved: spec, hasInstallScript: true, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines };
  return {
    packageJson: app,
    packageLock: { name: app.name, version: app.version, lockfileVersion: 3, requires: true, packages: { '': { name: app.name, version: app.version, dependencies: app.dependencies }, [`node_modules/${pkg.name}`]: self, ...entries } },
  };
}
