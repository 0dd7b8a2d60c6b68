import { describe, expect, test } from 'vitest';
import { readTar, TarReader, type TarEntry } from '../../src/cnb/tar-reader.js';
import { archive, END, file, gnuLong, header, pad, pax } from '../fixtures/raw-tar.js';

// Archives built block by block, as an attacker would write them: no tar library normalises them.

const read = (tar: Buffer) => readTar(tar, { where: 'layer sha256:test' });
const names = (entries: TarEntry[]) =>
  entries.map((e) => `${e.type} ${e.name}${e.linkname ? ` -> ${e.linkname}` : ''}`);

describe('reads what Go reads', () => {
  test('directories, files, links, a PAX path, a GNU long name alone, a ustar prefix', () => {
    const long = `layers/acme_jre/jre/${'d'.repeat(120)}/f`;
    const entries = read(
      archive(
        header({ name: 'layers/', type: '5' }),
        file('layers/acme_jre/jre/bin/java', 'java'),
        header({ name: 'layers/acme_jre/jre/lib/x.so', type: '2', linkname: '../bin/java' }),
        header({
          name: 'layers/acme_jre/jre/bin/java2',
          type: '1',
          linkname: 'layers/acme_jre/jre/bin/java',
        }),
        pax([['path', long]]),
        file('ignored-by-pax', 'a'),
        gnuLong('L', `${long}2`),
        file('ignored-by-gnu', 'b', { magic: 'gnu' }),
        file('java', 'c', { prefix: 'layers/acme_jre/jre/bin' }),
      ),
    );
    expect(names(entries)).toEqual([
      'directory layers/',
      'file layers/acme_jre/jre/bin/java',
      'symlink layers/acme_jre/jre/lib/x.so -> ../bin/java',
      'link layers/acme_jre/jre/bin/java2 -> layers/acme_jre/jre/bin/java',
      `file ${long}`,
      `file ${long}2`,
      'file layers/acme_jre/jre/bin/java',
    ]);
    // Offsets cover the metadata headers of an entry.
    expect(entries[4]!.start).toBe(512 * 5);
    expect(entries[4]!.dataStart).toBe(entries[4]!.start + 512 * 3);
  });

  test('fed a byte at a time, the same entries', () => {
    const tar = archive(pax([['path', 'a/b']]), file('x', 'hello'), header({ name: 'd/', type: '5' }));
    const entries: TarEntry[] = [];
    const reader = new TarReader({
      where: 'w',
      onEntry: (e) => {
        entries.push(e);
      },
    });
    for (const byte of tar) reader.write(Buffer.from([byte]));
    reader.end();
    expect(entries).toEqual(read(tar));
  });

  test('a PAX size overrides the header (what follows is data, not headers)', () => {
    const data = Buffer.concat([header({ name: 'smuggled' }), Buffer.alloc(512)]);
    const entries = read(archive(pax([['size', String(data.length)]]), header({ name: 'f', size: 0 }), data));
    expect(names(entries)).toEqual(['file f']);
  });
});

describe('refuses what readers disagree on', () => {
  test.each([
    [
      'a GNU long name and a PAX path (Go takes the long name)',
      archive(gnuLong('L', '/etc/evil-gnu'), pax([['path', 'layers/acme_jre/jre/ok2']]), file('x', 'x')),
      /both a GNU long name "\/etc\/evil-gnu" and a PAX path "layers\/acme_jre\/jre\/ok2"/,
    ],
    [
      'a GNU long link and a PAX linkpath',
      archive(
        gnuLong('K', '/etc/shadow'),
        pax([['linkpath', 'layers/a/b']]),
        header({ name: 'l', type: '1' }),
      ),
      /both a GNU long link .* and a PAX linkpath/,
    ],
    [
      'a global PAX header with a path',
      archive(pax([['path', '/etc/evil']], 'g'), pax([['mtime', '1']]), file('layers/acme_jre/jre/x', 'x')),
      /a global PAX header/,
    ],
    [
      'a global PAX header at all',
      archive(pax([['comment', 'hi']], 'g'), file('a', 'x')),
      /a global PAX header/,
    ],
    [
      'a regular file named with a trailing /',
      archive(file('layers/acme_jre/jre/d/', 'x')),
      /ends in "\/" but is not a directory/,
    ],
    [
      'a V7 file named with a trailing /',
      archive(file('etc/', 'x', { type: '\0', magic: 'v7' })),
      /ends in "\/"/,
    ],
    ['an unknown type flag', archive(file('a', 'x', { type: 'Z' })), /entry "a" has type 'Z'/],
    ['a contiguous file (7)', archive(file('a', 'x', { type: '7' })), /has type '7'/],
    ['a GNU sparse file (S)', archive(file('a', 'x', { type: 'S' })), /has type 'S'/],
    ['a GNU sparse file by PAX', archive(pax([['GNU.sparse.major', '1']]), file('a', 'x')), /GNU sparse/],
    [
      'a duplicate PAX key',
      archive(
        pax([
          ['path', 'a'],
          ['path', 'b'],
        ]),
        file('x', 'x'),
      ),
      /sets "path" twice/,
    ],
    [
      'two PAX headers for one entry',
      archive(pax([['path', 'a']]), pax([['path', 'b']]), file('x', 'x')),
      /two x headers/,
    ],
    ['an empty PAX path', archive(pax([['path', '']]), file('x', 'x')), /empty PAX path/],
    [
      'a malformed PAX record',
      archive(
        Buffer.concat([header({ name: 'p', type: 'x', size: 7 }), pad(Buffer.from('9 a=b\n\n'))]),
        file('x', 'x'),
      ),
      /malformed PAX record/,
    ],
    [
      'a directory with data (Go reads it as headers)',
      archive(header({ name: 'd/', type: '5', size: 512 }), header({ name: '/etc/evil' })),
      /is a directory with 512 bytes of data/,
    ],
    [
      'an octal field with a NUL inside',
      archive(header({ name: 'f', size: '00000\x0000012' })),
      /invalid octal size/,
    ],
    [
      'a name that is not UTF-8',
      archive(header({ name: Buffer.from([0x61, 0xff, 0x62]) })),
      /not valid UTF-8/,
    ],
    [
      'data after the end of the archive',
      Buffer.concat([END, header({ name: '/etc/evil' })]),
      /data after the end-of-archive marker/,
    ],
    [
      'a lone zero block before more headers',
      Buffer.concat([Buffer.alloc(512), file('a', 'x'), END]),
      /lone zero block/,
    ],
    [
      'a corrupt checksum',
      (() => {
        const t = archive(file('a', 'x'));
        t[0] = 0x62;
        return t;
      })(),
      /corrupt tar header/,
    ],
    ['a truncated archive', file('a', 'hello world').subarray(0, 600), /truncated/],
    [
      'metadata headers and nothing after them',
      archive(pax([['path', 'a']])),
      /metadata headers without an entry/,
    ],
  ])('%s', (_name, tar, message) => {
    expect(() => read(tar)).toThrow(message);
  });

  test('every refusal names the layer and where in it', () => {
    expect(() => read(archive(file('a', 'x', { type: 'Z' })))).toThrow(
      /^layer sha256:test: entry "a" .* at byte 0$/,
    );
  });
});
