#!/usr/bin/python3
"""Translate Toolkit's TM matcher (python3-translate) on the units and queries tmkit_tm_bench
wrote, for the latency/recall ratio in bench/memory/run.sh.

usage: ttk_matcher.py UNITS.tsv QUERIES.tsv EVERY > RESULTS.tsv
UNITS.tsv: src_lang<TAB>source<TAB>target; QUERIES.tsv: index<TAB>src_lang<TAB>query.
Every EVERY-th query is run (the matcher is slow). Output: index<TAB>ms<TAB>top source ("" if
none). The matcher keeps its defaults except max_candidates=5 and min_similarity=50, the
settings of the tmkit run; its default max_length=70 ignores longer entries.
"""
import sys
import time

from translate.search import match
from translate.storage import base, pypo

# matcher.matches() keeps (similarity, unit) pairs in a heap; on equal similarities Python
# compares the units, which define no order (a TypeError in 3.8.4). Any fixed order will do.
base.TranslationUnit.__lt__ = lambda self, other: id(self) < id(other)


def build(units_path):
    stores = {}
    with open(units_path, encoding="utf-8") as f:
        for line in f:
            lang, source, target = line.rstrip("\n").split("\t")
            store = stores.setdefault(lang, pypo.pofile())
            unit = store.addsourceunit(source)
            unit.target = target
    return {lang: match.matcher(store, max_candidates=5, min_similarity=50)
            for lang, store in stores.items()}


def main():
    units_path, queries_path, every = sys.argv[1], sys.argv[2], int(sys.argv[3])
    started = time.time()
    matchers = build(units_path)
    print(f"built in {time.time() - started:.1f} s", file=sys.stderr)
    with open(queries_path, encoding="utf-8") as f:
        for line in f:
            index, lang, query = line.rstrip("\n").split("\t")
            if int(index) % every:
                continue
            start = time.perf_counter()
            found = matchers[lang].matches(query)
            ms = (time.perf_counter() - start) * 1000
            top = found[0].source if found else ""
            print(f"{index}\t{ms:.3f}\t{top}", flush=True)


if __name__ == "__main__":
    main()
