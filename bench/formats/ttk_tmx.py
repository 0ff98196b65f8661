"""Translate Toolkit's TMX reading and writing rate on a file, for bench/formats/run.sh:
parses it with translate.storage.tmx (whole file in memory, as the toolkit does), then writes
the store back out. Prints units, seconds and units per second for each step, and peak RSS.

usage: /usr/bin/python3 ttk_tmx.py IN.tmx OUT.tmx"""

import resource
import sys
import time

from translate.storage import tmx


def main():
    start = time.perf_counter()
    with open(sys.argv[1], "rb") as f:
        store = tmx.tmxfile.parsefile(f)
    units = len(store.units)
    parsed = time.perf_counter() - start
    start = time.perf_counter()
    with open(sys.argv[2], "wb") as f:
        store.serialize(f)
    written = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("translate-toolkit read:  %d units in %.1f s = %.0f TUs/s" % (units, parsed, units / parsed))
    print("translate-toolkit write: %d units in %.1f s = %.0f TUs/s" % (units, written, units / written))
    print("translate-toolkit peak RSS: %.0f MB" % rss_mb)


if __name__ == "__main__":
    main()
