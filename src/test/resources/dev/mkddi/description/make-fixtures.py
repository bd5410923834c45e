#!/usr/bin/env python3
"""Writes the description fixtures of DescriptionLoaderTest: one directory per scenario with a
config.xml (and a root/ overlay where the scenario needs root content). Broken scenarios end in
-fail; their expected.txt is written by hand after checking the message and position.
Usage: python3 make-fixtures.py   (from this directory)"""
import os

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
DESC = '''  <description type="system">
    <author>mkddi tests</author>
    <contact>tests@mkddi.dev</contact>
    <specification>%s</specification>
  </description>
'''


def image(scenario, type_attrs='', type_children='', extra='', version='8.5', prefs='',
          name='fixture', root_attrs=''):
    t = '    <type image="oem" filesystem="erofs"%s' % type_attrs
    t += ('>\n%s    </type>\n' % type_children) if type_children else '/>\n'
    return (HEAD + '<image schemaversion="%s" name="%s"%s>\n' % (version, name, root_attrs)
            + DESC % scenario + '  <preferences>\n    <version>1.0.0</version>\n' + prefs + t
            + '  </preferences>\n' + extra + '</image>\n')


def write(d, text, root=True, files=()):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'config.xml'), 'w') as f:
        f.write(text)
    if root:
        os.makedirs(os.path.join(d, 'root/etc'), exist_ok=True)
        with open(os.path.join(d, 'root/etc/os-release'), 'w') as f:
            f.write('ID=fixture\nVERSION_ID=1.0.0\n')
    for name, content in files:
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(content)


S = {}
# ---- load errors (no root needed)
S['malformed-unclosed-fail'] = (image('unclosed tag').replace('</preferences>', '<preferences>'), False)
S['malformed-attribute-fail'] = (image('unquoted attribute').replace('filesystem="erofs"', 'filesystem=erofs'), False)
S['wrong-root-fail'] = (image('wrong root').replace('<image ', '<imag ').replace('</image>', '</imag>'), False)
S['schema-too-old-fail'] = (image('schema 7.3', version='7.3'), False)
S['schema-unknown-fail'] = (image('schema 9.0', version='9.0'), False)
S['unknown-element-fail'] = (image('unknown element', extra='  <pakages type="image"/>\n'), False)
S['unknown-attribute-fail'] = (image('unknown attribute', type_attrs=' verity_partiton="true"'), False)
S['misplaced-element-fail'] = (image('misplaced element', prefs='    <size unit="G">2</size>\n'), False)
S['bad-enum-fail'] = (image('bad enumeration').replace('filesystem="erofs"', 'filesystem="ext5"'), False)
S['bad-boolean-fail'] = (image('bad boolean', type_attrs=' embed_verity_metadata="yes"'), False)
S['bad-size-fail'] = (image('bad partition size', type_children='      <partitions>\n        <partition name="data" size="10T"/>\n      </partitions>\n'), False)
S['missing-name-fail'] = (image('missing name').replace(' name="fixture"', ''), False)
S['no-oem-type-fail'] = (image('no oem type').replace('image="oem"', 'image="iso"'), False)
S['two-oem-types-fail'] = (image('two oem types', prefs='    <type image="oem" filesystem="erofs"/>\n'), False)
S['undefined-profile-fail'] = (image('undefined profile').replace('  <preferences>', '  <preferences profiles="ghost">\n  </preferences>\n  <preferences>', 1), False)
S['no-version-fail'] = (image('no version').replace('    <version>1.0.0</version>\n', ''), False)
S['include-missing-fail'] = (image('include missing', extra='').replace('  <preferences>', '  <include from="this://missing.xml"/>\n  <preferences>', 1), False)
S['include-nested-fail'] = (image('include nested').replace('  <preferences>', '  <include from="this://part.xml"/>\n  <preferences>', 1), False)
S['strict-fail'] = (image('strict', extra='  <packages type="image">\n    <package name="bash"/>\n  </packages>\n'), True)
S['unknown-profile-fail'] = (image('unknown profile').replace('  <preferences>', '  <profiles>\n    <profile name="dev" description="development"/>\n  </profiles>\n  <preferences>', 1), True)
# ---- problems (the description loads; build refuses)
S['signature-no-key-fail'] = (image('signature without key', type_attrs=' verity_signature_required="true"'), True)
S['signature-missing-files-fail'] = (image('signature files missing', type_attrs=' verity_signature_required="true" verity_signature_key="keys/verity.key" verity_signature_certificate="keys/verity.crt"'), True)
S['signature-mismatch-fail'] = (image('key and certificate do not match', type_attrs=' verity_signature_required="true" verity_signature_key="keys/verity.key" verity_signature_certificate="keys/verity.crt"'), True)
S['key-without-certificate-fail'] = (image('key without certificate', type_attrs=' verity_signature_key="keys/verity.key"'), True)
S['embed-and-partition-fail'] = (image('embedded metadata and verity partition', type_attrs=' verity_blocks="all" embed_verity_metadata="true" verity_partition="true"'), True)
S['archive-missing-fail'] = (image('archive missing', extra='  <packages type="image">\n    <archive name="missing.tar.gz"/>\n  </packages>\n'), True)
S['no-root-content-fail'] = (image('no root content'), False)
S['firmware-bios-fail'] = (image('bios firmware', type_attrs=' firmware="bios"'), True)
S['filesystem-btrfs-fail'] = (image('btrfs root').replace('filesystem="erofs"', 'filesystem="btrfs"'), True)
S['bootloader-grub-fail'] = (image('grub2', type_attrs=' firmware="efi"', type_children='      <bootloader name="grub2" timeout="5"/>\n'), True)
S['bootloader-no-firmware-fail'] = (image('systemd-boot without firmware', type_children='      <bootloader name="systemd_boot"/>\n'), True)
S['cmdline-root-fail'] = (image('root= in kernelcmdline', type_attrs=' kernelcmdline="console=ttyS0 root=/dev/sda2"'), True)
S['reserved-partition-name-fail'] = (image('reserved partition name', type_children='      <partitions>\n        <partition name="swap" size="512M"/>\n      </partitions>\n'), True)
S['duplicate-designator-fail'] = (image('two home partitions', type_children='      <partitions>\n        <partition name="home1" size="1G" partition_name="home"/>\n        <partition name="home2" size="1G" partition_name="home"/>\n      </partitions>\n'), True)
S['mountpoint-mismatch-fail'] = (image('var partition mounted elsewhere', type_children='      <partitions>\n        <partition name="state" size="1G" partition_name="var" mountpoint="/data"/>\n      </partitions>\n'), True)
S['rootfs-label-too-long-fail'] = (image('long label', type_attrs=' rootfs_label="THIS-LABEL-IS-TOO-LONG"'), True)
S['target-blocksize-fail'] = (image('2048-byte sectors', type_attrs=' target_blocksize="2048"'), True)
S['veritypartsize-in-root-fail'] = (image('veritypartsize without partition', type_attrs=' verity_blocks="all" verity_partition="false" veritypartsize="64"'), True)
S['size-too-small-fail'] = (image('disk too small', type_attrs=' update_slots="2" update_slot_size="512"', type_children='      <size unit="M">600</size>\n'), True)
S['version-bad-chars-fail'] = (image('version with a space').replace('<version>1.0.0</version>', '<version>1.0 beta</version>'), True)
S['uki-file-missing-fail'] = (image('uki file missing', type_attrs=' firmware="efi"', type_children='      <bootloader name="systemd_boot">\n        <uki kernel="boot/vmlinuz" initrd="/boot/initrd.img"/>\n      </bootloader>\n'), True)
S['uki-version-plus-fail'] = (image('uki version with a plus', type_attrs=' firmware="efi"', type_children='      <bootloader name="systemd_boot"/>\n').replace('<version>1.0.0</version>', '<version>1.0+2</version>'), True)
S['uki-file-directory-fail'] = (image('uki file is a directory', type_attrs=' firmware="efi"', type_children='      <bootloader name="systemd_boot">\n        <uki kernel="root" initrd="/boot/initrd.img"/>\n      </bootloader>\n'), True)

S['partition-fs-label-fail'] = (image('file system labels the formats do not take', type_children='      <partitions>\n        <partition name="data" size="64M" mountpoint="/data" filesystem="ext4" label="SEVENTEEN-BYTES-X"/>\n        <partition name="efi2" size="64M" mountpoint="/boot/efi2" filesystem="fat32" label="EFI.DATA"/>\n        <partition name="ro" size="64M" mountpoint="/opt" filesystem="squashfs" label="OPT"/>\n        <partition name="raw" size="8M" label="RAW"/>\n        <partition name="sw" size="64M" partition_name="swap" label="SIXTEEN-BYTES-XX"/>\n      </partitions>\n'), True)
S['partition-grow-fail'] = (image('grow_filesystem where nothing can grow', type_children='      <partitions>\n        <partition name="ro" size="64M" mountpoint="/opt" filesystem="erofs" grow_filesystem="true"/>\n        <partition name="efi2" size="64M" mountpoint="/boot/efi2" filesystem="fat32" grow_filesystem="true"/>\n        <partition name="sw" size="64M" partition_name="swap" grow_filesystem="true"/>\n        <partition name="extra" size="64M" filesystem="ext4" grow_filesystem="1"/>\n      </partitions>\n'), True)
S['partition-gpt-name-fail'] = (image('GPT names longer than 36 UTF-16 code units', type_children='      <partitions>\n        <partition name="a-name-that-makes-a-long-gpt-label-x" size="8M"/>\n      </partitions>\n'), True)

for name, (text, root) in S.items():
    write(name, text, root)
write('include-nested-fail', S['include-nested-fail'][0], False,
      [('part.xml', HEAD + '<image>\n  <include from="this://other.xml"/>\n</image>\n')])
