import {describe, expect, it} from 'vitest';
import {CatalogError, defaultCatalog, loadCatalog, recommendedFor, RECOMMENDED_PATCHES} from '../../source/panther/catalog.js';

describe('the built-in catalog', () => {
  it('has one recommended patch for every minor from 1.17 to 1.39', () => {
    const catalog = defaultCatalog();
    expect(catalog.recommended.map(v => Number(v.split('.')[1]))).toEqual(Array.from({length: 23}, (_, i) => 17 + i));
    expect(recommendedFor(catalog, '1.24')).toBe('1.24.12');
    expect(recommendedFor(catalog, '1.34.2')).toBe('1.34.18');
    expect(recommendedFor(catalog, '1.40')).toBeUndefined();
    expect(RECOMMENDED_PATCHES).toContain('1.36.0');
  });
});

describe('a --catalog file', () => {
  it.each([['{"recommended": ["1.40.2"]}'], ['["v1.40.2"]'], ['{"recommended": ["v1.40.2", "1.41.0"], "comment": "extra keys are fine"}']])(
    'extends the catalog: %s',
    text => {
      const catalog = loadCatalog(text);
      expect(recommendedFor(catalog, '1.40')).toBe('1.40.2');
      expect(recommendedFor(catalog, '1.24')).toBe('1.24.12');
      expect(catalog.fromFile).toContain('1.40.2');
    },
  );

  it('overrides a known minor with its newer patch, and keeps the list sorted', () => {
    const catalog = loadCatalog('["1.39.9", "1.38.6"]');
    expect(recommendedFor(catalog, '1.39')).toBe('1.39.9');
    expect(catalog.recommended.slice(-2)).toEqual(['1.38.6', '1.39.9']);
    expect(catalog.fromFile).toEqual(['1.38.6', '1.39.9']);
  });

  it.each([
    ['not json', /not valid JSON/],
    ['{"versions": ["1.40.2"]}', /must be a JSON array of versions or \{"recommended"/],
    ['"1.40.2"', /must be a JSON array/],
    ['[]', /lists no versions/],
    ['["1.40"]', /entry 1 \("1\.40"\) is not a version/],
    ['["1.40.2", 140]', /entry 2 \(140\) is not a version/],
    ['["1.40.2", "1.40.3"]', /two recommended patches for 1\.40: 1\.40\.2 and 1\.40\.3/],
  ])('refuses %s with a clear error', (text, message) => {
    expect(() => loadCatalog(text, defaultCatalog(), 'my.json')).toThrow(CatalogError);
    expect(() => loadCatalog(text, defaultCatalog(), 'my.json')).toThrow(message);
  });
});

describe('a --catalog file: the place of a problem', () => {
  it.each([
    ['{"recommended": "1.40.2"}', '--catalog my.json: recommended is "1.40.2", not a list of versions.'],
    ['{"recommended": ["1.40.2", {"v": "1.41.0"}]}', '--catalog my.json: recommended entry 2 ({"v":"1.41.0"}) is not a version like "1.40.2".'],
    ['{"recommended": []}', '--catalog my.json lists no versions.'],
    ['["1.40.2", "1.41.0", "v1.40.3"]', '--catalog my.json gives two recommended patches for 1.40: 1.40.2 and 1.40.3 (entry 3). Keep one.'],
    ['null', '--catalog my.json must be a JSON array of versions or {"recommended": ["1.40.2", ...]}.'],
  ])('%s', (text, message) => {
    expect(() => loadCatalog(text, defaultCatalog(), '--catalog my.json')).toThrow(new CatalogError(message));
  });
});
