"""OmegaT 3.6, headless, translates a plain-text file with tmkit's exported TMX in tm/auto/:
every segment whose source is in the TMX must come out translated, the rest unchanged.

usage: omegat_test.py TMKIT DATA_DIR SCRATCH"""

import os
import shutil
import sys

import client_util as cu

PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en-US</source_lang>
    <target_lang>fr-FR</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def make_project(root):
    """An OmegaT project folder. OmegaT 3.6 takes a folder as a project only when it holds
    omegat.project and an omegat/ folder, and refuses one without its target/ folder."""
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        os.makedirs(os.path.join(root, sub))
    with open(os.path.join(root, "omegat.project"), "w", encoding="utf-8") as f:
        f.write(PROJECT_FILE)


def main():
    tmkit, data_dir, scratch = sys.argv[1:4]
    if shutil.which("omegat") is None or shutil.which("java") is None:
        cu.skip("omegat (or java) is not installed")
    scratch = os.path.abspath(cu.fresh_dir(scratch))
    clients = os.path.join(data_dir, "formats", "clients")
    tm = os.path.join(scratch, "tm")
    cu.make_tm(tmkit, tm, data_dir)
    project = os.path.join(scratch, "project")
    make_project(project)
    cu.run([tmkit, "export", "--tm", tm, "--format", "tmx", "--src-lang", "en-US",
            "--tgt-lang", "fr-FR", "-o", os.path.join(project, "tm", "auto", "tmkit.tmx")])
    shutil.copy(os.path.join(clients, "omegat-source.txt"),
                os.path.join(project, "source", "doc.txt"))
    # OmegaT needs an absolute project path; --config-dir keeps it away from $HOME.
    cu.run(["omegat", project, "--mode=console-translate",
            "--config-dir=" + os.path.join(scratch, "config"), "--disable-project-locking",
            "--no-team"])
    with open(os.path.join(project, "target", "doc.txt"), encoding="utf-8") as f:
        got = f.read().splitlines()
    with open(os.path.join(clients, "omegat-expected.txt"), encoding="utf-8") as f:
        expected = f.read().splitlines()
    if got != expected:
        cu.fail("OmegaT's target file differs from omegat-expected.txt:\n" +
                "\n".join("%s\n  got:      %r\n  expected: %r" % ("OK" if g == e else "DIFF", g, e)
                          for g, e in zip(got, expected)) +
                ("\n(line counts %d and %d)" % (len(got), len(expected))))
    print("OmegaT inserted every exact match from tmkit's TMX (%d lines checked)" % len(got))


if __name__ == "__main__":
    main()
