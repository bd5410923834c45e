#!/usr/bin/env python3
"""Applies systemd-sysupdate transfer definitions (*.transfer) to a disk image, as sysupdate.d(5) says.

usage: sysupdate-apply.py --definitions DIR --transfer-source DIR --disk IMAGE
                          [--protect-version V] [--dry-run]

Debian does not package systemd-sysupdate, so the A/B test obeys the image's own definitions with
this harness. It reads every *.transfer of DIR (the image's /usr/lib/sysupdate.d/) and does what
sysupdate does for the resource types mkddi generates:
  [Source] Type=regular-file|url-file with MatchPattern= (the source directory is --transfer-source,
           as sysupdate's --transfer-source= for PathRelativeTo=explicit; for url-file it must hold
           SHA256SUMS, whose hashes are checked).
  [Target] Type=partition, Path=auto (= IMAGE): the smallest partition of MatchPartitionType= labelled
           _empty that holds the decompressed file gets its content, then its PARTUUID (@u of the
           source name, or PartitionUUID=), flags (PartitionFlags=, ReadOnly=, PartitionNoAuto=,
           PartitionGrowFileSystem=) and, at install time, its label (the first target MatchPattern=
           with the version). While a transfer is pending the label is PND#<label>, as sysupdate
           252-257 mark it.
  [Target] Type=regular-file, PathRelativeTo=boot: the ESP of IMAGE (through mtools), the file named
           by the first target pattern, with TriesLeft=/TriesDone= for @l/@d; InstancesMax= old
           versions (never --protect-version) are removed first.
Versions compare as systemd's strverscmp_improved(). Transfers are acquired in the order of their file
names, then installed in that order. Prints what it does; exit 0 when the update was applied or nothing
was newer, 1 on any error.
"""
import argparse
import configparser
import functools
import hashlib
import json
import os
import re
import subprocess
import sys

# DPS type names the definitions may use (sysupdate accepts the names of repart.d's Type=).
PARTITION_TYPES = {
    "root-x86-64": "4f68bce3-e8cd-4db1-96e7-fbcaf984b709",
    "root-x86-64-verity": "2c7357ed-ebd2-46d9-aec1-23d437ec2bf5",
    "root-x86-64-verity-sig": "41092b05-9fc8-4523-994f-2def0408b176",
    "root-arm64": "b921b045-1df0-41c3-af44-4c6f280d3fae",
    "root-arm64-verity": "df3300ce-d69f-4c92-978c-9bfb0f38d820",
    "root-arm64-verity-sig": "6db69de6-29f4-4758-a7a5-962190f00ce3",
}
READ_ONLY, NO_AUTO, GROWFS = 60, 63, 59
# bits the partition types know (gpt_partition_type_knows_*): root and verity take read-only,
# root takes grow-file-system, all three take no-auto
KNOWS = {"root": {READ_ONLY, NO_AUTO, GROWFS}, "verity": {READ_ONLY, NO_AUTO}, "sig": {READ_ONLY, NO_AUTO}}
WILDCARDS = "vufamsdlrgth"


def die(msg):
    print("sysupdate-apply: error: " + msg, file=sys.stderr)
    sys.exit(1)


def version_valid(v):
    return v not in ("", ".", "..") and re.fullmatch(r"[A-Za-z0-9.,_+-]+", v) is not None


def vercmp(a, b):
    """strverscmp_improved(): negative when a is older than b."""
    valid = lambda c: c.isascii() and (c.isalnum() or c in "~-^.")
    i = j = 0
    at = lambda s, k: s[k] if k < len(s) else ""
    while True:
        while i < len(a) and not valid(a[i]):
            i += 1
        while j < len(b) and not valid(b[j]):
            j += 1
        for sep in "~":
            if (at(a, i) == sep) != (at(b, j) == sep):
                return -1 if at(a, i) == sep else 1
            if at(a, i) == sep:
                i, j = i + 1, j + 1
        if i >= len(a) or j >= len(b):
            return (i < len(a)) - (j < len(b))
        for sep in "-^.":
            if (at(a, i) == sep) != (at(b, j) == sep):
                return -1 if at(a, i) == sep else 1
            if at(a, i) == sep:
                i, j = i + 1, j + 1
        ae, be = i, j
        if at(a, i).isdigit() or at(b, j).isdigit():
            while at(a, ae).isdigit():
                ae += 1
            while at(b, be).isdigit():
                be += 1
            if (ae > i) != (be > j):
                return 1 if ae > i else -1
            x, y = a[i:ae].lstrip("0"), b[j:be].lstrip("0")
            r = (len(x) > len(y)) - (len(x) < len(y)) or (x > y) - (x < y)
        else:
            while at(a, ae).isascii() and at(a, ae).isalpha():
                ae += 1
            while at(b, be).isascii() and at(b, be).isalpha():
                be += 1
            n = min(ae - i, be - j)
            x, y = a[i:i + n], b[j:j + n]
            r = (x > y) - (x < y) or ((ae - i) > (be - j)) - ((ae - i) < (be - j))
        if r:
            return r
        i, j = ae, be


def split_pattern(pattern):
    """A pattern as a list of ('lit', text) and ('@', letter); '@@' is a literal '@'."""
    out, k = [], 0
    while k < len(pattern):
        c = pattern[k]
        if c == "@":
            if k + 1 >= len(pattern):
                die("trailing @ in pattern " + pattern)
            n = pattern[k + 1]
            k += 2
            if n == "@":
                c = "@"
            elif n in WILDCARDS:
                if out and out[-1][0] == "@":
                    die("two wildcards without a literal between them in " + pattern)
                out.append(("@", n))
                continue
            else:
                die("unknown wildcard @%s in %s" % (n, pattern))
        else:
            k += 1
        if out and out[-1][0] == "lit":
            out[-1] = ("lit", out[-1][1] + c)
        else:
            out.append(("lit", c))
    if ("@", "v") not in out:
        die("pattern without @v: " + pattern)
    return out


def match(pattern, s):
    """The fields of s by pattern, as sysupdate matches: a wildcard ends at the first occurrence of the
    literal after it. None when s does not match."""
    els, p, found = split_pattern(pattern), 0, {}
    for k, (kind, val) in enumerate(els):
        if kind == "lit":
            if not s.startswith(val, p):
                return None
            p += len(val)
            continue
        if k + 1 < len(els):
            n = s.find(els[k + 1][1], p)
            if n < 0:
                return None
        else:
            n = len(s)
        t = s[p:n]
        if val == "v" and not version_valid(t):
            return None
        if val == "u" and not re.fullmatch(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}", t):
            return None
        if val in "fdls" and not re.fullmatch(r"(0x)?[0-9a-fA-F]+" if val == "f" else r"[0-9]+", t):
            return None
        found[val] = t
        p = n
    return found if p == len(s) else None


def fmt(pattern, fields):
    return "".join(v if kind == "lit" else str(fields[v]) for kind, v in split_pattern(pattern))


def read_transfer(path):
    cp = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    cp.optionxform = str
    with open(path) as f:
        text = f.read().replace("\\\n", " ")
    cp.read_string(text, source=path)
    t = {s: dict(cp[s]) for s in cp.sections()}
    for s in ("Source", "Target"):
        for key in ("Type", "Path", "MatchPattern"):
            if key not in t.get(s, {}):
                die("%s: [%s] lacks %s=" % (path, s, key))
        t[s]["MatchPattern"] = t[s]["MatchPattern"].split()
    return t


def run(*cmd, **kw):
    return subprocess.run(list(cmd), check=True, **kw)


def gpt(disk):
    t = json.loads(subprocess.run(["sfdisk", "-J", disk], check=True, capture_output=True, text=True).stdout)
    pt = t["partitiontable"]
    ss = pt.get("sectorsize", 512)
    out = []
    for n, p in enumerate(pt["partitions"], 1):
        bits = set()
        for a in (p.get("attrs") or "").replace("GUID:", "").split(","):
            a = a.strip()
            if a.isdigit():
                bits.add(int(a))
        out.append({"number": int(re.sub(r".*?(\d+)$", r"\1", p["node"])), "type": p["type"].lower(),
                    "uuid": p["uuid"].lower(), "label": p.get("name", ""), "offset": p["start"] * ss,
                    "size": p["size"] * ss, "bits": bits})
    return out


def decompressor(path):
    with open(path, "rb") as f:
        magic = f.read(6)
    if magic.startswith(b"\xfd7zXZ\x00"):
        return ["xz", "-dc", path]
    if magic.startswith(b"\x28\xb5\x2f\xfd"):
        return ["zstd", "-dcq", path]
    if magic.startswith(b"\x1f\x8b"):
        return ["gzip", "-dc", path]
    return ["cat", path]


def uncompressed_size(path):
    p = subprocess.Popen(decompressor(path), stdout=subprocess.PIPE)
    n = 0
    while True:
        b = p.stdout.read(1 << 20)
        if not b:
            break
        n += len(b)
    if p.wait() != 0:
        die(path + ": cannot decompress")
    return n


def esp_of(disk):
    for p in gpt(disk):
        if p["type"] == "c12a7328-f81f-11d2-ba4b-00a0c93ec93b":
            return "%s@@%d" % (disk, p["offset"])
    die(disk + ": no ESP")


def esp_files(img, path):
    r = subprocess.run(["mdir", "-i", img, "-b", "::" + path], capture_output=True, text=True)
    return [os.path.basename(l.rstrip("/")) for l in r.stdout.splitlines() if l and not l.endswith("/")] if r.returncode == 0 else []


class Transfer:
    def __init__(self, path, args):
        self.id = os.path.basename(path)
        self.t = read_transfer(path)
        self.src, self.tgt, self.args = self.t["Source"], self.t["Target"], args
        if self.src["Type"] not in ("regular-file", "url-file"):
            die("%s: source Type=%s is not supported here" % (self.id, self.src["Type"]))
        if self.tgt["Type"] not in ("partition", "regular-file"):
            die("%s: target Type=%s is not supported here" % (self.id, self.tgt["Type"]))

    def sources(self):
        d = self.args.transfer_source
        names = sorted(os.listdir(d))
        sums = {}
        if self.src["Type"] == "url-file":
            with open(os.path.join(d, "SHA256SUMS")) as f:
                for line in f:
                    h, n = line.rstrip("\n").split(None, 1)
                    sums[n.lstrip("*")] = h
            names = sorted(sums)
        out = []
        for n in names:
            for pat in self.src["MatchPattern"]:
                m = match(pat, n)
                if m is not None:
                    out.append((m, os.path.join(d, n), sums.get(n)))
                    break
        return out

    def installed(self):
        if self.tgt["Type"] == "partition":
            out = []
            for p in gpt(self.args.disk):
                if p["type"] != self.ptype():
                    continue
                for pat in self.tgt["MatchPattern"]:
                    m = match(pat, p["label"])
                    if m is not None:
                        out.append((m["v"], p))
                        break
            return out
        out = []
        for n in esp_files(esp_of(self.args.disk), self.tgt["Path"]):
            for pat in self.tgt["MatchPattern"]:
                m = match(pat, n)
                if m is not None:
                    out.append((m["v"], n))
                    break
        return out

    def ptype(self):
        v = self.tgt.get("MatchPartitionType", "linux-generic")
        return PARTITION_TYPES.get(v, v).lower()

    def newest_source(self):
        s = self.sources()
        if not s:
            die("%s: no file in %s matches %s" % (self.id, self.args.transfer_source, self.src["MatchPattern"]))
        best = s[0]
        for x in s[1:]:
            if vercmp(x[0]["v"], best[0]["v"]) > 0:
                best = x
        return best

    def acquire(self, version):
        fields, path, sha = [x for x in self.sources() if x[0]["v"] == version][0]
        if sha is not None:
            with open(path, "rb") as f:
                got = hashlib.sha256(f.read()).hexdigest()
            if got != sha:
                die("%s: SHA-256 %s, SHA256SUMS says %s" % (path, got, sha))
        if self.tgt["Type"] == "partition":
            return self.acquire_partition(version, fields, path)
        return self.acquire_file(version, fields, path)

    def acquire_partition(self, version, fields, path):
        size = uncompressed_size(path)
        empty = [p for p in gpt(self.args.disk) if p["type"] == self.ptype() and p["label"] == "_empty" and p["size"] >= size]
        if not empty:
            die("%s: no partition of type %s labelled _empty holds %d bytes" % (self.id, self.ptype(), size))
        part = min(empty, key=lambda p: p["size"])
        label = fmt(self.tgt["MatchPattern"][0], {"v": version})
        print("%s: %s -> partition %d (%d of %d bytes)" % (self.id, os.path.basename(path), part["number"], size, part["size"]))
        self.set_label(part, "PND#" + label)
        with open(self.args.disk, "r+b") as disk:
            p = subprocess.Popen(decompressor(path), stdout=subprocess.PIPE)
            disk.seek(part["offset"])
            while True:
                b = p.stdout.read(1 << 20)
                if not b:
                    break
                disk.write(b)
            if p.wait() != 0:
                die(path + ": cannot decompress")
            disk.flush()
            os.fsync(disk.fileno())
        uuid = self.tgt.get("PartitionUUID") or fields.get("u")
        if uuid:
            u = uuid.replace("-", "").lower()
            uuid = "%s-%s-%s-%s-%s" % (u[:8], u[8:12], u[12:16], u[16:20], u[20:])
            run("sfdisk", "-q", "--part-uuid", self.args.disk, str(part["number"]), uuid)
        bits = set(part["bits"])
        flags = self.tgt.get("PartitionFlags") or fields.get("f")
        if flags is not None:  # hexadecimal, as safe_atoux64() reads it
            v = int(flags[2:] if flags.lower().startswith("0x") else flags, 16)
            bits = {b for b in range(64) if v >> b & 1}
        mpt = self.tgt.get("MatchPartitionType", "")
        knows = KNOWS["sig" if mpt.endswith("verity-sig") else "verity" if mpt.endswith("verity") else "root"]
        for key, bit in (("ReadOnly", READ_ONLY), ("PartitionNoAuto", NO_AUTO), ("PartitionGrowFileSystem", GROWFS)):
            if key in self.tgt and bit in knows:
                (bits.add if self.tgt[key].lower() in ("1", "yes", "true", "on") else bits.discard)(bit)
        run("sfdisk", "-q", "--part-attrs", self.args.disk, str(part["number"]), ",".join("GUID:%d" % b for b in sorted(bits)))
        return ("partition", part, label)

    def acquire_file(self, version, fields, path):
        if self.tgt.get("PathRelativeTo") not in ("boot", "esp"):
            die("%s: regular-file targets are placed on the ESP here (PathRelativeTo=boot)" % self.id)
        img, d = esp_of(self.args.disk), self.tgt["Path"]
        limit = int(self.tgt.get("InstancesMax", "3"))
        old = sorted(self.installed(), key=lambda x: functools.cmp_to_key(vercmp)(x[0]))
        while len(old) > limit - 1:
            v, n = next(((v, n) for v, n in old if v != self.args.protect_version), (None, None))
            if v is None:
                break
            print("%s: removing old version %s (%s)" % (self.id, v, n))
            run("mdel", "-i", img, "::%s/%s" % (d, n))
            old = [x for x in old if x[1] != n]
        f = {"v": version, "l": self.tgt.get("TriesLeft", fields.get("l", "3")), "d": self.tgt.get("TriesDone", fields.get("d", "0"))}
        name = fmt(self.tgt["MatchPattern"][0], f)
        pending = ".sysupdate.pending." + name
        print("%s: %s -> ESP %s/%s" % (self.id, os.path.basename(path), d, name))
        with subprocess.Popen(decompressor(path), stdout=subprocess.PIPE) as p:
            run("mcopy", "-o", "-i", img, "-", "::%s/%s" % (d, pending), stdin=p.stdout)
        return ("file", img, d, pending, name)

    def install(self, acquired):
        if acquired[0] == "partition":
            _, part, label = acquired
            self.set_label(part, label)
            print("%s: partition %d is now %s" % (self.id, part["number"], label))
        else:
            _, img, d, pending, name = acquired
            run("mren", "-i", img, "::%s/%s" % (d, pending), "::%s/%s" % (d, name))
            print("%s: installed %s/%s" % (self.id, d, name))

    def set_label(self, part, label):
        run("sfdisk", "-q", "--part-label", self.args.disk, str(part["number"]), label)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--definitions", required=True)
    ap.add_argument("--transfer-source", required=True)
    ap.add_argument("--disk", required=True)
    ap.add_argument("--protect-version", default="")
    args = ap.parse_args()
    os.environ["MTOOLS_SKIP_CHECK"] = "1"
    files = sorted(f for f in os.listdir(args.definitions) if f.endswith(".transfer"))
    if not files:
        die("no *.transfer in " + args.definitions)
    transfers = [Transfer(os.path.join(args.definitions, f), args) for f in files]
    # one version for all transfers: the newest every source offers
    versions = [t.newest_source()[0]["v"] for t in transfers]
    version = versions[0]
    if any(v != version for v in versions):
        die("the sources offer different newest versions: %s" % dict(zip(files, versions)))
    installed = set()
    for t in transfers:
        installed |= {v for v, _ in t.installed()}
    if any(vercmp(v, version) >= 0 for v in installed):
        print("sysupdate-apply: version %s is not newer than what is installed (%s): nothing to do" % (version, ", ".join(sorted(installed))))
        return 0
    print("sysupdate-apply: updating to version %s (installed: %s)" % (version, ", ".join(sorted(installed)) or "none"))
    acquired = [(t, t.acquire(version)) for t in transfers]
    for t, a in acquired:
        t.install(a)
    print("sysupdate-apply: version %s installed" % version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
