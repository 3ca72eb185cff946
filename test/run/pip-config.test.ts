// The pip configuration the host gives package jobs (src/run/pip-config.ts): the allow-list of PIP_
// variables, PIP_FIND_LINKS made absolute with its local paths listed for mounting, and the one config file.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../src/errors.js';
import { configFindLinks, ignoredPipWarning, localJobEnvironment, readPipSettings } from '../../src/run/pip-config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'bugmine-pipconf-'));

describe('readPipSettings', () => {
  it('passes the allowed PIP_ variables, and names the others as left out', () => {
    const home = dir();
    const pip = readPipSettings({ PIP_INDEX_URL: 'https://mirror.example/simple', PIP_PRE: '1', PIP_TARGET: '/tmp/elsewhere', PIP_PYTHON: '/usr/bin/python3', PATH: '/bin' }, { cwd: home, home, machineFiles: [] });
    expect(pip.env).toEqual({ PIP_INDEX_URL: 'https://mirror.example/simple', PIP_PRE: '1' });
    expect(pip.ignored).toEqual(['PIP_PYTHON', 'PIP_TARGET']);
    expect(ignoredPipWarning(pip)).toMatch(/not passed to package jobs .*: PIP_PYTHON, PIP_TARGET$/);
    expect(pip.configFile).toBeNull();
  });

  it('makes PIP_FIND_LINKS paths absolute and lists the local ones that exist, leaving URLs alone', () => {
    const cwd = dir();
    mkdirSync(join(cwd, 'wheels'));
    const other = dir();
    const pip = readPipSettings({ PIP_FIND_LINKS: `wheels  https://example.org/links ${pathToFileURL(other).href} missing` }, { cwd, home: cwd, machineFiles: [] });
    expect(pip.env['PIP_FIND_LINKS']).toBe(`${join(cwd, 'wheels')} https://example.org/links ${pathToFileURL(other).href} ${join(cwd, 'missing')}`);
    expect(pip.findLinksPaths).toEqual([join(cwd, 'wheels'), other]);
  });

  it('refuses a value with a line break, naming the variable', () => {
    expect(() => readPipSettings({ PIP_INDEX_URL: 'https://a\nhttps://b' }, { cwd: '/', home: '/' })).toThrow(new UserError('PIP_INDEX_URL: not passed to package jobs: a value of more than 8192 characters or with a line break'));
  });

  it('takes the config file PIP_CONFIG_FILE names, else the user\'s as pip finds it, else none', () => {
    const home = dir();
    const named = join(home, 'custom.conf');
    writeFileSync(named, '[global]\nindex-url = https://named.example/simple\n');
    expect(readPipSettings({ PIP_CONFIG_FILE: 'custom.conf' }, { cwd: home, home, machineFiles: [] })).toMatchObject({ configFile: named, configText: '[global]\nindex-url = https://named.example/simple\n' });
    expect(readPipSettings({ PIP_CONFIG_FILE: '/dev/null' }, { cwd: home, home, machineFiles: [] }).configFile).toBeNull();
    expect(readPipSettings({}, { cwd: home, home, machineFiles: [] }).configFile).toBeNull();
    mkdirSync(join(home, '.pip'));
    writeFileSync(join(home, '.pip', 'pip.conf'), '[global]\n');
    expect(readPipSettings({}, { cwd: home, home, machineFiles: [] }).configFile).toBe(join(home, '.pip', 'pip.conf'));
    mkdirSync(join(home, '.config', 'pip'), { recursive: true });
    writeFileSync(join(home, '.config', 'pip', 'pip.conf'), '[global]\n');
    expect(readPipSettings({}, { cwd: home, home, machineFiles: [] }).configFile).toBe(join(home, '.config', 'pip', 'pip.conf'));
    const xdg = dir();
    mkdirSync(join(xdg, 'pip'));
    writeFileSync(join(xdg, 'pip', 'pip.conf'), '[global]\n');
    expect(readPipSettings({ XDG_CONFIG_HOME: xdg }, { cwd: home, home, machineFiles: [] }).configFile).toBe(join(xdg, 'pip', 'pip.conf'));
  });

  it('takes the machine-wide pip.conf when the user has none', () => {
    const home = dir();
    const machine = join(dir(), 'pip.conf');
    writeFileSync(machine, '[global]\ncert = /etc/ssl/certs/ca.crt\n');
    expect(readPipSettings({}, { cwd: home, home, machineFiles: [join(home, 'absent.conf'), machine] }).configFile).toBe(machine);
    mkdirSync(join(home, '.pip'));
    writeFileSync(join(home, '.pip', 'pip.conf'), '[global]\n');
    expect(readPipSettings({}, { cwd: home, home, machineFiles: [machine] }).configFile).toBe(join(home, '.pip', 'pip.conf'));
  });

  it('refuses a PIP_CONFIG_FILE that is not a file, in one line naming it', () => {
    const home = dir();
    expect(() => readPipSettings({ PIP_CONFIG_FILE: home }, { cwd: home, home, machineFiles: [] })).toThrow(`${home}: the pip config file (PIP_CONFIG_FILE) is not a regular file`);
  });
});

describe('configFindLinks', () => {
  it('reads find-links of [global] and [install], in either spelling, with continuation lines', () => {
    const text = '# comment\n[global]\nindex-url = https://i.example/simple\nfind-links =\n    /srv/wheels\n    https://example.org/links\n[install]\nfind_links: /opt/more\n[download]\nfind-links = /not/this\n';
    expect(configFindLinks(text)).toEqual(['/srv/wheels', 'https://example.org/links', '/opt/more']);
  });

  it('lists the existing local directories of the config file for mounting', () => {
    const home = dir();
    const wheels = dir();
    writeFileSync(join(home, 'pip.conf'), `[install]\nfind-links = ${wheels} ${join(home, 'absent')}\n`);
    expect(readPipSettings({ PIP_CONFIG_FILE: join(home, 'pip.conf') }, { cwd: home, home, machineFiles: [] }).findLinksPaths).toEqual([wheels]);
  });
});

describe('localJobEnvironment', () => {
  it('is the host environment without its own PIP_ variables, plus the settings and the config file', () => {
    const home = dir();
    const host = { PATH: '/bin', HTTPS_PROXY: 'http://proxy:3128', PIP_TARGET: '/tmp/x', PIP_INDEX_URL: 'https://i.example/simple' };
    expect(localJobEnvironment(host, readPipSettings(host, { cwd: home, home, machineFiles: [] }))).toEqual({
      PATH: '/bin',
      HTTPS_PROXY: 'http://proxy:3128',
      PIP_INDEX_URL: 'https://i.example/simple',
      PIP_CONFIG_FILE: '/dev/null',
    });
  });
});
