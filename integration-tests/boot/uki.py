#!/usr/bin/env python3
"""Assembles a UKI without objcopy, by the placement rules of shared/spec/cmdline-uki.md section 5
(the layout mkddi's Java UKI writer is to produce), so that layout can be boot-tested before the
Java code exists.

usage: uki.py STUB OUTPUT NAME=FILE...   (sections in the order given; .linux should come last)
"""
import struct
import sys

MEM_READ = 0x40000000
CNT_CODE = 0x00000020
CNT_INITIALIZED_DATA = 0x00000040
SECTION_HEADER_LEN = 40


def round_up(n, a):
    return (n + a - 1) // a * a


def pe_offsets(buf):
    """Returns (signature offset, optional header offset, section table offset)."""
    pe = struct.unpack_from("<I", buf, 0x3C)[0]
    if buf[pe:pe + 4] != b"PE\0\0":
        sys.exit(f"uki.py: no PE signature at 0x{pe:x}")
    opt = pe + 24
    if struct.unpack_from("<H", buf, opt)[0] != 0x20B:
        sys.exit("uki.py: not PE32+")
    size_of_opt = struct.unpack_from("<H", buf, pe + 20)[0]
    return pe, opt, opt + size_of_opt


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    stub = bytearray(open(argv[1], "rb").read())
    pe, opt, table = pe_offsets(stub)
    n = struct.unpack_from("<H", stub, pe + 6)[0]
    sect_align, file_align = struct.unpack_from("<II", stub, opt + 32)
    size_of_headers = struct.unpack_from("<I", stub, opt + 60)[0]
    cert_table = struct.unpack_from("<II", stub, opt + 112 + 4 * 8)  # data directory 4
    if cert_table[1]:
        sys.exit("uki.py: the stub is signed; sign the UKI afterwards instead")
    sections = [struct.unpack_from("<8sIIII", stub, table + i * SECTION_HEADER_LEN) for i in range(n)]
    new = [a.split("=", 1) for a in argv[3:]]
    if table + (n + len(new)) * SECTION_HEADER_LEN > size_of_headers:
        sys.exit(f"uki.py: the stub's headers (0x{size_of_headers:x} bytes) have no room for "
                 f"{len(new)} more section headers")
    out = stub + bytes(round_up(len(stub), file_align) - len(stub))
    last_va = max(va + vs for _, vs, va, _, _ in sections)
    init_data = struct.unpack_from("<I", stub, opt + 8)[0]
    for i, (name, path) in enumerate(new):
        data = open(path, "rb").read()
        if len(name) > 8:
            sys.exit(f"uki.py: section name {name} longer than 8 bytes")
        va = round_up(last_va, sect_align)
        vsize = len(data)
        chars = MEM_READ | CNT_INITIALIZED_DATA
        if name == ".linux":
            chars = MEM_READ | CNT_CODE
            _, kopt, _ = pe_offsets(data)
            vsize = max(vsize, struct.unpack_from("<I", data, kopt + 56)[0])  # SizeOfImage
        else:
            init_data += round_up(len(data), file_align)
        raw_ptr = round_up(len(out), file_align)
        raw_size = round_up(len(data), file_align)
        out += bytes(raw_ptr - len(out)) + data + bytes(raw_size - len(data))
        struct.pack_into("<8sIIIIIIHHI", out, table + (n + i) * SECTION_HEADER_LEN,
                         name.encode(), vsize, va, raw_size, raw_ptr, 0, 0, 0, 0, chars)
        last_va = va + vsize
    struct.pack_into("<H", out, pe + 6, n + len(new))
    struct.pack_into("<I", out, opt + 8, init_data)
    struct.pack_into("<I", out, opt + 56, round_up(last_va, sect_align))
    struct.pack_into("<I", out, opt + 64, 0)
    open(argv[2], "wb").write(out)


if __name__ == "__main__":
    main(sys.argv)
