"""tmkit export's options, checked on a hand-written TMX (tests/data/formats/clients/
export-filters.tmx): the language pair (a bare language takes every variant, a region only
itself), --min-confidence, --document, --since/--until, --multilingual; every export is
checked by xmllint against ../shared/schemas and read back by tmkit.

usage: export_options_test.py TMKIT SHARED_DIR DATA_DIR SCRATCH"""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import client_util as cu

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Exporter:
    def __init__(self, tmkit, shared, scratch, tm):
        self.tmkit, self.scratch, self.tm = tmkit, scratch, tm
        self.schemas = os.path.join(shared, "schemas")
        self.count = 0

    def tmx(self, *options):
        """Exports with `options`, validates, and returns the (source, {lang: target}) of each <tu>."""
        self.count += 1
        out = os.path.join(self.scratch, "export%d.tmx" % self.count)
        cu.run([self.tmkit, "export", "--tm", self.tm, "--format", "tmx", "-o", out] + list(options))
        env = dict(os.environ, XML_CATALOG_FILES=os.path.join(self.schemas, "catalog.xml"))
        cu.run(["xmllint", "--nonet", "--noout", "--dtdvalid",
                os.path.join(self.schemas, "tmx", "tmx14.dtd"), out], env=env)
        back = os.path.join(self.scratch, "back%d" % self.count)
        cu.run([self.tmkit, "import", "--tm", back, out])
        tus = []
        for tu in ET.parse(out).getroot().iter("tu"):
            tuvs = tu.findall("tuv")
            tus.append((tuvs[0].find("seg").text,
                        {t.get(XML_LANG): t.find("seg").text for t in tuvs[1:]}))
        return tus


def expect(what, got, wanted):
    if got != wanted:
        cu.fail("%s: got %r, expected %r" % (what, got, wanted))


def main():
    tmkit, shared, data_dir, scratch = sys.argv[1:5]
    if shutil.which("xmllint") is None:
        cu.skip("xmllint is not installed (Debian package libxml2-utils)")
    scratch = cu.fresh_dir(scratch)
    tm = os.path.join(scratch, "tm")
    cu.run([tmkit, "import", "--tm", tm,
            os.path.join(data_dir, "formats", "clients", "export-filters.tmx")])
    e = Exporter(tmkit, shared, scratch, tm)
    fr_fr = [("Good morning.", {"fr-FR": "Bonjour."}), ("See you soon.", {"fr-FR": "À bientôt."}),
             ("Thank you.", {"fr-FR": "Merci."})]
    fr_ca = [("Good morning.", {"fr-CA": "Bon matin."}), ("Thank you.", {"fr-CA": "Merci bien."})]
    expect("all", e.tmx(), fr_fr + fr_ca)
    expect("--tgt-lang fr-FR", e.tmx("--src-lang", "en-US", "--tgt-lang", "fr-FR"), fr_fr)
    expect("--tgt-lang fr-CA", e.tmx("--tgt-lang", "fr-CA"), fr_ca)
    expect("--tgt-lang fr", e.tmx("--tgt-lang", "fr"), fr_fr + fr_ca)
    # Units without a confidence (not aligner output) are kept.
    expect("--min-confidence 0.5", e.tmx("--min-confidence", "0.5"),
           [fr_fr[0], fr_fr[2], fr_ca[0], fr_ca[1]])
    expect("--document a.txt", e.tmx("--document", "a.txt"), fr_fr[:2])
    expect("--document b.txt --document c.txt", e.tmx("--document", "b.txt", "--document",
                                                      "c.txt"), [fr_fr[2]] + fr_ca)
    # --until takes the whole day it names; a unit of unknown date matches no date filter.
    expect("--until 2024-01-31", e.tmx("--until", "2024-01-31"), [fr_fr[0], fr_ca[0]])
    expect("--since 2024-02-01", e.tmx("--since", "2024-02-01"), fr_fr[1:])
    expect("--since/--until TMX dates", e.tmx("--since", "20240115T100000Z", "--until",
                                              "20240320T075959Z"), [fr_fr[0], fr_ca[0]])
    expect("--multilingual", e.tmx("--multilingual"),
           [("Good morning.", {"fr-FR": "Bonjour.", "fr-CA": "Bon matin."}), fr_fr[1],
            ("Thank you.", {"fr-FR": "Merci.", "fr-CA": "Merci bien."})])
    expect("--multilingual --document b.txt", e.tmx("--multilingual", "--document", "b.txt"),
           [fr_fr[2], fr_ca[0]])
    for bad, message in ((["--since", "2024-13-01"], "not a calendar date"),
                         (["--until", "yesterday"], "is not a date"),
                         (["--multilingual", "--format", "xliff12"], "needs --format tmx")):
        done = subprocess.run([tmkit, "export", "--tm", tm, "-o", os.path.join(scratch, "bad")] +
                              bad, capture_output=True, text=True)
        if done.returncode != 1 or message not in done.stderr:
            cu.fail("%r: exit %d, stderr %r" % (bad, done.returncode, done.stderr))
    # A unit XML 1.0 cannot hold (BEL read from "&#7;") is left out of the export, named on
    # stderr; the rest is exported.
    control_tm = os.path.join(scratch, "control-tm")
    cu.run([tmkit, "import", "--tm", control_tm,
            os.path.join(data_dir, "formats", "clients", "control-char.tmx")])
    # The same in every form of export (each streams: XLIFF in two passes, --multilingual in
    # three), the unit named once.
    for form in ([], ["--multilingual"], ["--format", "xliff12"], ["--format", "xliff2"]):
        out = os.path.join(scratch, "c%d.out" % len(form))
        done = cu.run([tmkit, "export", "--tm", control_tm, "-o", out] + form)
        if done.stderr.count("U+0007") != 1 or "1 units left out" not in done.stderr:
            cu.fail("control character %r: stderr %r" % (form, done.stderr))
        root = ET.parse(out).getroot()
        if form[:1] == ["--format"]:
            sources = [s.text for s in root.iter() if s.tag.endswith("}source")]
        else:
            sources = [tu.find("tuv/seg").text for tu in root.findall("body/tu")]
        expect("control character export %r" % form, sources, ["Plain."])
    # XLIFF holds one pair: fr takes fr-FR and fr-CA here, which is refused; fr-CA is one pair.
    done = subprocess.run([tmkit, "export", "--tm", tm, "--format", "xliff12", "--tgt-lang", "fr",
                           "-o", os.path.join(scratch, "two.xlf")], capture_output=True, text=True)
    if done.returncode != 1 or "2 language pairs" not in done.stderr:
        cu.fail("XLIFF of two pairs: exit %d, stderr %r" % (done.returncode, done.stderr))
    if os.path.exists(os.path.join(scratch, "two.xlf")):
        cu.fail("XLIFF of two pairs: a file was written")
    ca = os.path.join(scratch, "ca.xlf")
    cu.run([tmkit, "export", "--tm", tm, "--format", "xliff2", "--tgt-lang", "fr-CA", "-o", ca])
    env = dict(os.environ, XML_CATALOG_FILES=os.path.join(e.schemas, "catalog.xml"))
    cu.run(["xmllint", "--nonet", "--noout", "--schema",
            os.path.join(e.schemas, "xliff20", "xliff20-with-modules.xsd"), ca], env=env)
    targets = [t.text for t in ET.parse(ca).getroot().iter() if t.tag.endswith("}target")]
    expect("XLIFF 2.0 --tgt-lang fr-CA", targets, ["Bon matin.", "Merci bien."])
    print("tmkit export: %d filtered exports as expected, each DTD-valid and read back" % e.count)


if __name__ == "__main__":
    main()
