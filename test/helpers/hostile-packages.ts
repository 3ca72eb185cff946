/**
 * Hostile packages for the extract tests: sdists whose build backend (in-tree, PEP 517
 * `backend-path`, so that it runs without setuptools in an offline index; the same install-time
 * code a `setup.py` runs) forges what the package job hands back, then kills the job's process so
 * that the real result is never written. Each attack aims at a victim file on the host.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface Attack {
  /** Project name (already PEP 503 normal). */
  readonly name: string;
  /** What the test expects in the package's error. */
  readonly error: RegExp;
  /** Python statements run with JOB_PID, OUT (the job's output dir), NAME (the host's data file name), VICTIM, VICTIM_DIR, ESCAPE and result(**fields). */
  readonly code: string;
}

/** The attacks; `escape` is the victim's path relative to where the host keeps a finished job's output. */
export function attacks(): Attack[] {
  return [
    { name: 'evil-escape', error: /output: .* is not one of graphs-evil-escape\.msgpack\.l\.gz/, code: 'result(output=ESCAPE)' },
    { name: 'evil-absolute', error: /output: .* is not one of graphs-evil-absolute/, code: 'result(output=VICTIM)' },
    { name: 'evil-symlink', error: /graphs-evil-symlink\.msgpack\.l\.gz: a symbolic link/, code: 'os.symlink(VICTIM, os.path.join(OUT, NAME))\nresult()' },
    { name: 'evil-result-link', error: /result\.json: a symbolic link/, code: 'os.symlink(VICTIM, os.path.join(OUT, "result.json"))' },
    { name: 'evil-out-link', error: /out: a symbolic link where a directory is expected/, code: 'shutil.rmtree(OUT)\nos.symlink(VICTIM_DIR, OUT)' },
    { name: 'evil-fifo', error: /graphs-evil-fifo\.msgpack\.l\.gz: a FIFO/, code: 'os.mkfifo(os.path.join(OUT, NAME))\nresult()' },
    { name: 'evil-huge', error: /graphs-evil-huge\.msgpack\.l\.gz: larger than its limit/, code: 'f = open(os.path.join(OUT, NAME), "wb")\nf.truncate(17 * 1024 ** 3)\nf.close()\nresult()' },
    { name: 'evil-not-gzip', error: /graphs-evil-not-gzip\.msgpack\.l\.gz: not a gzip file/, code: 'open(os.path.join(OUT, NAME), "wb").write(b"not samples")\nresult()' },
    { name: 'evil-not-msgpack', error: /graphs-evil-not-msgpack\.msgpack\.l\.gz: .*malformed MessagePack/, code: 'open(os.path.join(OUT, NAME), "wb").write(gzip.compress(b"\\xc1" * 64))\nresult()' },
    {
      name: 'evil-other-package',
      error: /sample 0 is of package "bugmine-demo-colors", not evil-other-package/,
      code: 'open(os.path.join(OUT, NAME), "wb").write(gzip.compress(sample("bugmine-demo-colors")))\nresult()',
    },
    { name: 'evil-extra-file', error: /unexpected file "notes\.txt" handed back/, code: 'open(os.path.join(OUT, "notes.txt"), "w").write("hi")\nresult(outcome="install-failed", output=None, counts=dict(files=0, functions=0, samples=0, skipped={}))' },
    { name: 'evil-schema', error: /result\.json: (unknown key "owned"|outcome: "pwned" is not one of)/, code: 'result(outcome="pwned", owned=True)' },
    { name: 'evil-kill', error: /exited with code .* without a result/, code: 'pass' },
  ];
}

const PRELUDE = `
import gzip, json, os, shutil, signal

def _job():
    pid = os.getppid()
    while pid > 1:
        try:
            args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\\0")
        except OSError:
            break
        for i, a in enumerate(args):
            if a.endswith(b"package-job-main.js") and i + 1 < len(args):
                return pid, os.path.dirname(args[i + 1].decode())
        stat = open(f"/proc/{pid}/stat").read()
        pid = int(stat[stat.rindex(")") + 2:].split()[1])
    raise SystemExit("no package job among my ancestors")

JOB_PID, WORK = _job()
OUT = os.path.join(WORK, "out")
os.makedirs(OUT, exist_ok=True)

def result(**fields):
    r = {"outcome": "ok", "version": "1.0", "counts": {"files": 1, "functions": 1, "samples": 1, "skipped": {}}, "output": NAME, "error": None}
    r.update(fields)
    with open(os.path.join(OUT, "result.json"), "w") as f:
        json.dump(r, f)

def _str(s):
    b = s.encode()
    return bytes([0xa0 | len(b)]) + b

def sample(package):
    return b"\\x82" + _str("package_name") + _str(package) + _str("graph") + b"\\x81" + _str("path") + _str("x.py")
`;

/**
 * Builds the sdist of `attack` into `indexDir`. `victim` is the host file it aims at; `resultDir`
 * is where the host keeps the finished job's output (for the escaping relative name).
 */
export function buildHostileSdist(indexDir: string, attack: Attack, victim: string, resultDir: string): void {
  const staging = mkdtempSync(join(tmpdir(), 'bugmine-hostile-'));
  try {
    const dist = attack.name.replace(/-/g, '_');
    const base = join(staging, `${dist}-1.0`);
    mkdirSync(base);
    writeFileSync(join(base, 'PKG-INFO'), `Metadata-Version: 2.1\nName: ${attack.name}\nVersion: 1.0\n`);
    writeFileSync(join(base, 'pyproject.toml'), '[build-system]\nrequires = []\nbuild-backend = "hostile_backend"\nbackend-path = ["."]\n');
    const constants = `NAME = ${JSON.stringify(`graphs-${attack.name}.msgpack.l.gz`)}\nVICTIM = ${JSON.stringify(victim)}\nVICTIM_DIR = os.path.dirname(VICTIM)\nESCAPE = ${JSON.stringify(relative(resultDir, victim))}\n`;
    writeFileSync(join(base, 'hostile_backend.py'), `import os\n${constants}${PRELUDE}\n${attack.code}\nos.kill(JOB_PID, signal.SIGKILL)\nraise SystemExit(1)\n`);
    mkdirSync(indexDir, { recursive: true });
    const target = join(indexDir, `${dist}-1.0.tar.gz`);
    rmSync(target, { force: true });
    execFileSync('python3', ['-m', 'tarfile', '-c', target, `${dist}-1.0`], { cwd: staging });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
