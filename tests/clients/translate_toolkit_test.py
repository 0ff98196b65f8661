"""Translate Toolkit (Debian's python3-translate, under /usr/bin/python3) reads tmkit's exported
TMX 1.4b and XLIFF 1.2: the same pairs, the right source and target languages and texts.

usage: translate_toolkit_test.py TMKIT DATA_DIR SCRATCH"""

import os
import sys

import client_util as cu

try:
    from translate.storage import tmx, xliff
except ImportError:
    cu.skip("Translate Toolkit is not importable by %s (Debian package python3-translate)" %
            sys.executable)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def check_tmx(path, pairs):
    """Translate Toolkit takes a <tu>'s first <tuv> as the source whatever its language, so the
    source <tuv> must come first; its xml:lang must be the pair's."""
    with open(path, "rb") as f:
        store = tmx.tmxfile.parsefile(f)
    got = [(u.source, u.target) for u in store.units]
    if got != pairs:
        cu.fail("TMX: Translate Toolkit read %r, expected %r" % (got, pairs))
    for unit in store.units:
        langs = [tuv.get(XML_LANG) for tuv in unit.xmlelement.iter("{*}tuv")] or \
                [tuv.get(XML_LANG) for tuv in unit.xmlelement.iter("tuv")]
        if langs != ["en-US", "fr-FR"]:
            cu.fail("TMX: <tuv> languages %r for %r, expected ['en-US', 'fr-FR']" %
                    (langs, unit.source))


def check_xliff(path, pairs):
    with open(path, "rb") as f:
        store = xliff.xlifffile.parsefile(f)
    if (store.getsourcelanguage(), store.gettargetlanguage()) != ("en-US", "fr-FR"):
        cu.fail("XLIFF: languages %r, %r, expected en-US, fr-FR" %
                (store.getsourcelanguage(), store.gettargetlanguage()))
    got = [(u.source, u.target) for u in store.units if not u.isheader()]
    if got != pairs:
        cu.fail("XLIFF: Translate Toolkit read %r, expected %r" % (got, pairs))


def main():
    tmkit, data_dir, scratch = sys.argv[1:4]
    scratch = cu.fresh_dir(scratch)
    tm = os.path.join(scratch, "tm")
    cu.make_tm(tmkit, tm, data_dir)
    pairs = cu.read_pairs(os.path.join(data_dir, "formats", "clients", "en-fr.tsv"))
    for fmt, check in (("tmx", check_tmx), ("xliff12", check_xliff)):
        out = os.path.join(scratch, "export." + fmt)
        cu.run([tmkit, "export", "--tm", tm, "--format", fmt, "--src-lang", "en-US",
                "--tgt-lang", "fr-FR", "-o", out])
        # The TM keeps the order the pairs were imported in, so the file's order is expected.
        check(out, pairs)
    print("Translate Toolkit %s read tmkit's TMX and XLIFF 1.2: %d pairs each, en-US to fr-FR" %
          (__import__("translate").__version__.sver, len(pairs)))


if __name__ == "__main__":
    main()
