#!/usr/bin/env bash
# Fetches erofs-utils from Debian trixie (1.8: fsck.erofs knows every compressor EROFS has, where
# bookworm's 1.5 knows lz4 and lzma only) with the trixie libraries it needs, unpacks them into a
# cache and prints the directory of wrappers (fsck.erofs, dump.erofs, mkfs.erofs) that run them
# with trixie's dynamic loader. Nothing is installed. Reruns reuse the cache.
# usage: erofs-utils.sh [CACHE]   (default ${TMPDIR:-/tmp}/mkddi-kits/erofs-utils-trixie)
set -euo pipefail
K=${1:-${TMPDIR:-/tmp}/mkddi-kits/erofs-utils-trixie}
PKGS=(erofs-utils libc6 libdeflate0 liblz4-1 liblzma5 libselinux1 libpcre2-8-0 libuuid1 libxxhash0
  libzstd1 zlib1g)
BIN=$K/bin
if [ -x "$BIN/fsck.erofs" ] && "$BIN/fsck.erofs" -V 2>/dev/null | grep -q 'zstd'; then
  echo "$BIN"; exit 0
fi
mkdir -p "$K/etc" "$K/lists/partial" "$K/cache/archives/partial" "$K/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
  > "$K/etc/sources.list"
APT=(-o "Dir::Etc::SourceList=$K/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$K/lists" -o "Dir::Cache=$K/cache" -o APT::Sandbox::User=root)
apt-get "${APT[@]}" -qq update >&2
rm -f "$K/debs"/*.deb
(cd "$K/debs" && apt-get "${APT[@]}" -qq download "${PKGS[@]}" >&2)
rm -rf "$K/root"
mkdir -p "$K/root" "$BIN"
for d in "$K/debs"/*.deb; do dpkg-deb -x "$d" "$K/root"; done
R=$K/root
for tool in fsck.erofs dump.erofs mkfs.erofs; do
  cat > "$BIN/$tool" <<SH
#!/bin/sh
exec "$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$R/usr/lib/x86_64-linux-gnu" "$R/usr/bin/$tool" "\$@"
SH
  chmod +x "$BIN/$tool"
done
"$BIN/fsck.erofs" -V >&2
echo "$BIN"
