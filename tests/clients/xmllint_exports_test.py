"""xmllint validates every export tmkit makes of every valid sample file of
../shared/data/formats: each sample is imported into a TM of its own, then exported as TMX 1.4b
(checked against the TMX 1.4 DTD), and, for each language pair the TM holds, as XLIFF 1.2
(strict schema) and XLIFF 2.0 (core and modules). The hand-written client pairs are exported
the same way, including with the export's filters.

usage: xmllint_exports_test.py TMKIT SHARED_DIR DATA_DIR SCRATCH"""

import os
import re
import shutil
import sys

import client_util as cu

CHECKS = {
    "tmx": ("--dtdvalid", "tmx/tmx14.dtd"),
    "xliff12": ("--schema", "xliff12/xliff-core-1.2-strict.xsd"),
    "xliff2": ("--schema", "xliff20/xliff20-with-modules.xsd"),
}
PAIR = re.compile(r"^\s+(\S+) -> (\S+): \d+ units$", re.M)


def invalid_sample(name):
    return "-invalid-" in name or name == "omegat-invalid.tmx"


def samples(shared):
    root = os.path.join(shared, "data", "formats")
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if not name.endswith(".md") and not invalid_sample(name):
                yield os.path.join(folder, name)


class Validator:
    def __init__(self, tmkit, shared):
        self.tmkit = tmkit
        self.schemas = os.path.join(shared, "schemas")
        self.env = dict(os.environ, XML_CATALOG_FILES=os.path.join(self.schemas, "catalog.xml"))
        self.checked = {fmt: 0 for fmt in CHECKS}
        self.failures = []

    def export_and_check(self, tm, fmt, out, extra=()):
        cu.run([self.tmkit, "export", "--tm", tm, "--format", fmt, "-o", out] + list(extra))
        flag, schema = CHECKS[fmt]
        done = cu.subprocess.run(["xmllint", "--nonet", "--noout", flag,
                                  os.path.join(self.schemas, schema), out],
                                 capture_output=True, text=True, env=self.env)
        self.checked[fmt] += 1
        if done.returncode != 0:
            self.failures.append("%s (%s %s): %s" % (out, fmt, " ".join(extra), done.stderr))

    def check_tm(self, tm, out_stem):
        """Exports `tm` whole as TMX and each of its language pairs as XLIFF 1.2 and 2.0."""
        self.export_and_check(tm, "tmx", out_stem + ".tmx")
        stats = cu.run([self.tmkit, "stats", "--tm", tm]).stdout
        for n, (src, tgt) in enumerate(PAIR.findall(stats)):
            langs = ["--src-lang", src, "--tgt-lang", tgt]
            self.export_and_check(tm, "xliff12", "%s.%d.xlf" % (out_stem, n), langs)
            self.export_and_check(tm, "xliff2", "%s.%d.xlf2" % (out_stem, n), langs)


def main():
    tmkit, shared, data_dir, scratch = sys.argv[1:5]
    if shutil.which("xmllint") is None:
        cu.skip("xmllint is not installed (Debian package libxml2-utils)")
    scratch = cu.fresh_dir(scratch)
    v = Validator(tmkit, shared)
    count = 0
    for n, path in enumerate(samples(shared)):
        tm = os.path.join(scratch, "tm%d" % n)
        cu.run([tmkit, "import", "--tm", tm, path])
        v.check_tm(tm, os.path.join(scratch, "sample%d" % n))
        shutil.rmtree(tm)
        count += 1
    tm = os.path.join(scratch, "clients-tm")
    cu.make_tm(tmkit, tm, data_dir)
    v.check_tm(tm, os.path.join(scratch, "clients"))
    if v.failures:
        cu.fail("%d exports fail xmllint:\n%s" % (len(v.failures), "\n".join(v.failures)))
    if count != 106:
        cu.fail("expected 106 valid sample files, found %d" % count)
    print("xmllint accepts every export of %d sample files and the client pairs: %s" %
          (count, ", ".join("%d %s" % (v.checked[f], f) for f in CHECKS)))


if __name__ == "__main__":
    main()
