// Where a package job's pip finds packages (src/run/pip-sources.ts): the pip arguments, the local
// --find-links directories a container mounts, and whether the worker gets a network.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultNetwork, localFindLinks, pipArguments, type PipSources } from '../../src/run/pip-sources.js';

const PYPI: PipSources = { extraIndexUrls: [], findLinks: [], index: true, extraArgs: [] };
const OFFLINE: PipSources = { ...PYPI, findLinks: ['wheels'], index: false };

describe('pipArguments', () => {
  it('is empty for the default index', () => {
    expect(pipArguments(PYPI)).toEqual([]);
  });

  it('gives the index, the extra indexes, the links (local ones absolute), --no-index, then the other arguments, in that order', () => {
    const sources: PipSources = {
      indexUrl: 'https://mirror.example/simple',
      extraIndexUrls: ['https://a.example/simple', 'https://b.example/simple'],
      findLinks: ['wheels', 'https://links.example/', 'file:///srv/wheels', '/abs/dir'],
      index: false,
      extraArgs: ['--pre', '--only-binary', ':all:'],
    };
    expect(pipArguments(sources)).toEqual([
      '--index-url', 'https://mirror.example/simple',
      '--extra-index-url', 'https://a.example/simple',
      '--extra-index-url', 'https://b.example/simple',
      '--find-links', resolve('wheels'),
      '--find-links', 'https://links.example/',
      '--find-links', 'file:///srv/wheels',
      '--find-links', '/abs/dir',
      '--no-index',
      '--pre', '--only-binary', ':all:',
    ]);
  });
});

describe('localFindLinks', () => {
  it('lists the directories, absolute, and leaves out URLs of any scheme', () => {
    expect(localFindLinks({ ...PYPI, findLinks: ['wheels', 'HTTPS://x.example/', 'file:///srv', '/abs'] })).toEqual([resolve('wheels'), '/abs']);
  });
});

describe('defaultNetwork', () => {
  it('is none when pip reads only local directories', () => {
    expect(defaultNetwork(OFFLINE)).toBe('none');
    expect(defaultNetwork({ ...OFFLINE, findLinks: [] })).toBe('none');
  });

  it('is bridge as soon as pip may reach an index or a URL', () => {
    expect(defaultNetwork(PYPI)).toBe('bridge');
    expect(defaultNetwork({ ...OFFLINE, indexUrl: 'https://mirror.example/simple' })).toBe('bridge');
    expect(defaultNetwork({ ...OFFLINE, extraIndexUrls: ['https://a.example/simple'] })).toBe('bridge');
    expect(defaultNetwork({ ...OFFLINE, findLinks: ['wheels', 'https://links.example/'] })).toBe('bridge');
  });
});
