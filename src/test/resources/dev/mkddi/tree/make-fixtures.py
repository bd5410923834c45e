#!/usr/bin/env python3
"""Writes the tar fixtures of this directory (run it here: python3 make-fixtures.py).
Deterministic: fixed mtimes, owners and contents."""
import bz2, gzip, io, lzma, os, subprocess, tarfile

MTIME = 1700000000

def info(name, type=tarfile.REGTYPE, size=0, mode=0o644, uid=0, gid=0, **kw):
    t = tarfile.TarInfo(name)
    t.type, t.size, t.mode, t.uid, t.gid, t.mtime = type, size, mode, uid, gid, MTIME
    for k, v in kw.items():
        setattr(t, k, v)
    return t

def raw(b):
    # tarfile writes a str value with surrogate escapes as the raw bytes (hdrcharset=BINARY)
    return b.decode('utf-8', 'surrogateescape')

def write(path, members, fmt=tarfile.PAX_FORMAT, encoding='utf-8'):
    with tarfile.open(path, 'w', format=fmt, encoding=encoding, errors='surrogateescape') as tf:
        for m, data in members:
            tf.addfile(m, io.BytesIO(data) if data is not None else None)

def good():
    members = [
        (info('./', tarfile.DIRTYPE, mode=0o755), None),
        (info('./etc/', tarfile.DIRTYPE, mode=0o755), None),
        (info('./etc/hostname', size=5, mtime=MTIME + 0.5), b'test\n'),
        (info('./usr/bin/tool', size=3, mode=0o4755, uid=4000000, gid=4000001), b'abc'),
        (info('./usr/bin/cap', size=1, pax_headers={
            'SCHILY.xattr.security.capability': raw(b'\x01\0\0\x02\xff\0\0\0' + b'\0' * 12),
            'SCHILY.xattr.user.note': 'hi',
            'SCHILY.xattr.trusted.bin': raw(b'\xde\xad\xbe\xef')}), b'c'),
        (info('./usr/bin/link', tarfile.SYMTYPE, linkname='tool', mode=0o777), None),
        (info('./usr/bin/hard', tarfile.LNKTYPE, linkname='./usr/bin/tool'), None),
        (info('./dev/null', tarfile.CHRTYPE, devmajor=1, devminor=3), None),
        (info('./dev/sda', tarfile.BLKTYPE, devmajor=8, devminor=0, mode=0o660), None),
        (info('./run/fifo', tarfile.FIFOTYPE), None),
        (info('./' + 'n' * 200, size=4), b'long'),
        (info('./tmp/', tarfile.DIRTYPE, mode=0o1777), None),
    ]
    write('tree.tar', members)
    data = open('tree.tar', 'rb').read()
    open('tree.tar.gz', 'wb').write(gzip.compress(data, mtime=0))
    open('tree.tar.xz', 'wb').write(lzma.compress(data))
    open('tree.tar.bz2', 'wb').write(bz2.compress(data))
    subprocess.run(['zstd', '-q', '-f', '-19', 'tree.tar', '-o', 'tree.tar.zst'], check=True)

def gnu_non_utf8():
    # GNU format stores the name bytes as they are: 'caf\xe9' is Latin-1, not UTF-8
    write('non-utf8.tar', [(info('caf\udce9', size=2), b'ok'),
                           (info('dir\udcff/', tarfile.DIRTYPE, mode=0o755), None)],
          fmt=tarfile.GNU_FORMAT)

def failing():
    write('traversal-fail.tar', [(info('a/../../evil', size=1), b'x')])
    write('absolute-fail.tar', [(info('/etc/passwd', size=1), b'x')], fmt=tarfile.GNU_FORMAT)
    write('link-cycle-fail.tar', [(info('a', tarfile.LNKTYPE, linkname='b'), None),
                                  (info('b', tarfile.LNKTYPE, linkname='a'), None)])
    write('symlink-parent-fail.tar', [(info('a', tarfile.SYMTYPE, linkname='/etc'), None),
                                      (info('a/passwd', size=1), b'x')])
    write('long-symlink-fail.tar', [(info('l', tarfile.SYMTYPE, linkname='x' * 4096), None)])
    write('ok.tar', [(info('f', size=3000), b'y' * 3000), (info('g', size=1), b'z')])
    data = open('ok.tar', 'rb').read()
    open('truncated-fail.tar', 'wb').write(data[:512 + 1000])
    open('truncated-fail.tar.gz', 'wb').write(gzip.compress(data, mtime=0)[:60])
    # absurd size: the header of 'g' claims 8 GiB (octal 100000000000) in a 10 KiB archive
    b = bytearray(data)
    for off in range(0, len(b), 512):
        if b[off:off + 2] == b'g\0':
            b[off + 124:off + 136] = b'100000000000'
            s = sum(b[off:off + 148]) + 8 * 32 + sum(b[off + 156:off + 512])
            b[off + 148:off + 156] = b'%06o\0 ' % s
    open('absurd-size-fail.tar', 'wb').write(bytes(b))
    open('not-a-tar-fail.tar', 'wb').write(b'this is not a tar archive\n' * 40)

good()
gnu_non_utf8()
failing()
os.remove('ok.tar')
