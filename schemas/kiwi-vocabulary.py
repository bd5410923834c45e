#!/usr/bin/env python3
"""Derives the element/attribute vocabulary of kiwi's RELAX NG schema (kiwi/schema/kiwi.rng).

Writes one line per element: NAME<TAB>PARENTS<TAB>ATTRIBUTES (comma-separated; PARENTS may be
'-' for the root). mkddi uses the list only to tell "kiwi knows this, mkddi ignores it" from
"unknown to kiwi too". Usage: kiwi-vocabulary.py kiwi.rng [SOURCE-LABEL] > kiwi-vocabulary.txt
"""
import sys
import xml.etree.ElementTree as ET

RNG = '{http://relaxng.org/ns/structure/1.0}'


def main(path):
    root = ET.parse(path).getroot()
    defines = {}
    for d in root.iter(RNG + 'define'):
        defines.setdefault(d.get('name'), []).append(d)
    elements = {}  # name -> (attrs, children)
    parents = {}

    def walk(node, attrs, children, seen):
        for child in node:
            tag = child.tag
            if tag == RNG + 'element':
                children.add(child.get('name') or '*')
                continue
            if tag == RNG + 'attribute':
                attrs.add(child.get('name') or '*')
                continue
            if tag == RNG + 'ref':
                name = child.get('name')
                if name in seen:
                    continue
                for d in defines.get(name, []):
                    walk(d, attrs, children, seen | {name})
                continue
            walk(child, attrs, children, seen)

    for el in root.iter(RNG + 'element'):
        attrs, children = set(), set()
        walk(el, attrs, children, frozenset())
        a, c = elements.setdefault(el.get('name') or '*', (set(), set()))
        a |= attrs
        c |= children
    for name, (_, children) in elements.items():
        for c in children:
            parents.setdefault(c, set()).add(name)
    source = sys.argv[2] if len(sys.argv) > 2 else path
    print('# derived from kiwi/schema/kiwi.rng (%s) by schemas/kiwi-vocabulary.py' % source)
    print('# element\tparents\tattributes')
    for name in sorted(elements):
        attrs = elements[name][0]
        print('%s\t%s\t%s' % (name, ','.join(sorted(parents.get(name, []))) or '-',
                              ','.join(sorted(attrs)) or '-'))


if __name__ == '__main__':
    main(sys.argv[1])
