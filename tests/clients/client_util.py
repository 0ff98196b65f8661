"""Helpers shared by the real-client tests: run tmkit, skip when a client is absent."""

import os
import shutil
import subprocess
import sys

# ctest's SKIP_RETURN_CODE for these tests (tests/clients/CMakeLists.txt).
SKIP = 77


def skip(why):
    """Ends the test as skipped, saying which client is missing and how to get it."""
    print("SKIPPED: " + why + " (scripts/test.sh installs the test clients, "
          "TMKIT_TEST_PACKAGES in scripts/common.sh)")
    sys.exit(SKIP)


def fail(why):
    print("FAILED: " + why)
    sys.exit(1)


def fresh_dir(path):
    """Empties `path` (a scratch folder under the build tree) and returns it."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def run(args, timeout=600, env=None):
    """Runs a command; a non-zero exit ends the test with its output."""
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        fail("%s exited with %d\nstdout:\n%s\nstderr:\n%s" %
             (" ".join(args), done.returncode, done.stdout, done.stderr))
    return done


def make_tm(tmkit, tm, data_dir):
    """A TM holding the hand-written pairs of tests/data/formats/clients: en-US to fr-FR and a
    second pair, en-US to de-DE, that exports for the first pair must leave out."""
    clients = os.path.join(data_dir, "formats", "clients")
    run([tmkit, "import", "--tm", tm, "--src-lang", "en-US", "--tgt-lang", "fr-FR",
         os.path.join(clients, "en-fr.tsv")])
    run([tmkit, "import", "--tm", tm, "--src-lang", "en-US", "--tgt-lang", "de-DE",
         os.path.join(clients, "en-de.tsv")])


def read_pairs(path):
    """The (source, target) pairs of a hand-written TSV file."""
    with open(path, encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip()]
