import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Reads V8 .cpuprofile files (node --cpu-prof) and returns the top frames by self time and the
 * share per package or source folder, so a finding reads "pg-protocol 12%" rather than a flame graph.
 */
export async function summariseCpuProfiles(dir: string, top = 12): Promise<string[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  const self = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id)!;
      const dt = profile.timeDeltas[i] ?? 0;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)' || functionName === '(program)') return;
      const where = area(url, functionName);
      const key = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      byArea.set(where, (byArea.get(where) ?? 0) + dt);
      total += dt;
    });
  }
  const pct = (v: number) => `${((v / total) * 100).toFixed(1)}%`;
  const frames = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const areas = [...byArea.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `busy CPU time by area: ${areas.map(([k, v]) => `${k} ${pct(v)}`).join(', ')}`,
    `top frames (self time): ${frames.map(([k, v]) => `${k} ${pct(v)}`).join('; ')}`,
  ];
}

/** A package name, a source folder of ours, or the V8/Node bucket a frame belongs to. */
function area(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(server\/src\/[^/]+(?:\/[^/]+)?|bench)\//.exec(url);
  if (ours) return ours[1]!;
  if (url.startsWith('node:')) return url;
  return path.basename(url);
}

/**
 * Profiles this process while `work` runs (V8 sampling profiler through the inspector) and
 * returns the summary lines, e.g. for the service layer driven from the bench itself.
 */
export async function profileThisProcess(work: () => Promise<unknown>, top = 10): Promise<string[]> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  let profile: object;
  try {
    await work();
  } finally {
    ({ profile } = await post<{ profile: object }>('Profiler.stop'));
    session.disconnect();
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-cpu-'));
  try {
    await fs.writeFile(path.join(dir, 'bench.cpuprofile'), JSON.stringify(profile));
    return await summariseCpuProfiles(dir, top);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
