#!/usr/bin/env bash
# Harness self-test only: a stand-in for ./mkddi with the two commands boot-test.sh calls, so the
# --mkddi path of the boot test can be exercised before `mkddi build` exists.
#   fake-mkddi.sh build DESC_DIR --target-dir DIR   (reads name, version, kernelcmdline and the
#                                                    archive from DESC_DIR/config.xml; c-tools-ddi.sh)
#   fake-mkddi.sh inspect --json IMAGE              (sfdisk -J reshaped to issue 3's JSON)
# usage: boot-test.sh OUTDIR --mkddi integration-tests/boot/fake-mkddi.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  build)
    DESC=$2; [ "$3" = --target-dir ] || { echo "fake-mkddi: build DESC --target-dir DIR" >&2; exit 2; }
    mkdir -p "$4"
    read -r NAME VERSION ARCHIVE CMDLINE < <(python3 - "$DESC/config.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
p = r.find('preferences')
print(r.get('name'), p.findtext('version'), r.find('packages/archive').get('name'),
      p.find('type').get('kernelcmdline', ''))
PY
    )
    exec "$HERE/c-tools-ddi.sh" "$DESC/$ARCHIVE" "$4/$NAME.x86_64-$VERSION" "$NAME" "$VERSION" "$CMDLINE" ;;
  inspect)
    [ "$2" = --json ] || { echo "fake-mkddi: inspect --json IMAGE" >&2; exit 2; }
    sfdisk -J "$3" | python3 -c '
import json, sys
pt = json.load(sys.stdin)["partitiontable"]; ss = pt.get("sectorsize", 512)
print(json.dumps({"sectorSize": ss, "diskGuid": pt["id"].lower(), "partitions": [
    {"number": i + 1, "offset": p["start"] * ss, "size": p["size"] * ss, "typeGuid": p["type"].lower(),
     "uuid": p["uuid"].lower(), "label": p.get("name", "")} for i, p in enumerate(pt["partitions"])]}))' ;;
  *) echo "fake-mkddi: build | inspect" >&2; exit 2 ;;
esac
