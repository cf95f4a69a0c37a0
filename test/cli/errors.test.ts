// cli/errors.ts: every errno a file operation can raise becomes exit 2 with one line naming the path
// and the cause (a table over os.constants.errno), and a failed save says what survived.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { ERRNO_CAUSES, reportError } from '../../cli/errors.js';
import { saveFailure } from '../../cli/train-guards.js';

/** The errnos the file operations neurite uses (open, read, write, fsync, rename, mkdir, stat, readdir, unlink, link) can raise. */
const FILE_ERRNOS = [
  'ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'EROFS', 'ELOOP', 'EMFILE', 'ENFILE', 'ENAMETOOLONG',
  'EEXIST', 'ENOTEMPTY', 'EBUSY', 'ETXTBSY', 'EIO', 'EXDEV', 'EFBIG', 'EOVERFLOW', 'EINVAL', 'EAGAIN', 'EBADF', 'EMLINK',
  'ENXIO', 'ENODEV', 'ESTALE', 'EINTR', 'ENOTSUP', 'EOPNOTSUPP', 'ENOMEM', 'EFAULT', 'ENOSYS', 'ENOLCK', 'ESPIPE',
];

function fsError(code: string, syscall = 'open', path = 'runs/x/model.json'): Error {
  return Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, errno: -1, syscall, path });
}

function report(err: unknown): { code: number; out: string } {
  const write = process.stderr.write;
  let out = '';
  process.stderr.write = ((s: string) => { out += s; return true; }) as typeof process.stderr.write;
  try {
    return { code: reportError(err), out };
  } finally {
    process.stderr.write = write;
  }
}

test('every file-operation errno has a cause in words', () => {
  assert.deepEqual(FILE_ERRNOS.filter((c) => ERRNO_CAUSES[c] === undefined), []);
});

test('every errno of the platform (os.constants.errno) and of the table: exit 2, one line with path, cause and code', () => {
  const codes = new Set([...Object.keys(constants.errno), ...Object.keys(ERRNO_CAUSES)]);
  assert.ok(codes.size > 60, `${codes.size} codes`);
  for (const code of codes) {
    for (const syscall of ['open', 'write', 'mkdir', 'rename']) {
      const { code: exit, out } = report(fsError(code, syscall));
      assert.equal(exit, 2, `${code} ${syscall}: ${out}`);
      const lines = out.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${code}: ${out}`);
      assert.match(lines[0]!, /^neurite: cannot [a-z ]+ runs\/x\/model\.json: /, code);
      assert.ok(lines[0]!.endsWith(`(${code})`), `${code}: ${out}`);
      if (ERRNO_CAUSES[code] !== undefined) assert.ok(lines[0]!.includes(ERRNO_CAUSES[code]!), `${code}: ${out}`);
    }
  }
});

test('regression: ENOSPC, EPERM, ELOOP, EROFS, EMFILE, ENAMETOOLONG, EEXIST were internal errors (exit 1 with a stack trace)', () => {
  for (const code of ['ENOSPC', 'EPERM', 'ELOOP', 'EROFS', 'EMFILE', 'ENAMETOOLONG', 'EEXIST']) {
    const { code: exit, out } = report(fsError(code, 'write'));
    assert.equal(exit, 2, out);
    assert.doesNotMatch(out, /internal error|\n\s+at /);
  }
  assert.match(report(fsError('ENOSPC', 'write')).out, /cannot write runs\/x\/model\.json: disk full \(ENOSPC\)/);
});

test('a non-errno error stays an internal error (exit 1)', () => {
  assert.equal(report(new TypeError('a bug')).code, 1);
  assert.equal(report(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' })).code, 1);
});

test('a failed save names the final file and what survived', () => {
  const enospc = fsError('ENOSPC', 'write', 'runs/x/model.safetensors.next');
  const msg = (phase: 'writing' | 'committed' | 'done', hadCheckpoint: boolean): string => (saveFailure(enospc, { out: 'runs/x', phase, hadCheckpoint }) as Error).message;
  assert.equal(msg('writing', true), 'disk full while saving runs/x/model.safetensors; the previous checkpoint is intact (ENOSPC)');
  assert.match(msg('writing', false), /no checkpoint was saved yet/);
  assert.match(msg('committed', true), /the new checkpoint is committed and the next neurite command on this directory completes it/);
  const tmp = fsError('EROFS', 'open', 'runs/x/.metrics.json.tmp-123-abcd');
  assert.match((saveFailure(tmp, { out: 'runs/x', phase: 'done', hadCheckpoint: true }) as Error).message, /^read-only file system while saving runs\/x\/metrics\.json; the checkpoint itself was saved \(EROFS\)$/);
  const other = new TypeError('bug');
  assert.equal(saveFailure(other, { out: 'runs/x', phase: 'writing', hadCheckpoint: true }), other);
});
