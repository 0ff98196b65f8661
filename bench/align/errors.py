#!/usr/bin/python3
"""Error analysis of an alignment against the gold: which gold beads are missed, by type.

Usage: errors.py DATASET_DIR OUT_DIR [--show N]

For each gold bead type (1-1, 2-1, 0-1, ...), how many gold beads the output has exactly, and
for each output type how many output beads are wrong. With --show N, prints the first N missed
gold beads with the output beads overlapping them and their text, to read the errors.
"""
import argparse
import collections
import os
import sys

import calibration  # beside this file: the same reader of .align files


def read_beads(path):
    return [(src, tgt) for src, tgt, _ in calibration.read_beads(path)]


def kind(bead):
    return f"{len(bead[0])}-{len(bead[1])}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("out")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    gold_hit, gold_all = collections.Counter(), collections.Counter()
    test_bad, test_all = collections.Counter(), collections.Counter()
    shown = 0
    docs = sorted(f[:-len(".gold.align")] for f in os.listdir(args.dataset) if f.endswith(".gold.align"))
    for doc in docs:
        gold = read_beads(os.path.join(args.dataset, doc + ".gold.align"))
        test = read_beads(os.path.join(args.out, doc + ".align"))
        src = open(os.path.join(args.dataset, doc + ".src"), encoding="utf-8").read().split("\n")
        tgt = open(os.path.join(args.dataset, doc + ".tgt"), encoding="utf-8").read().split("\n")
        test_set, gold_set = set(test), set(gold)
        for b in gold:
            gold_all[kind(b)] += 1
            gold_hit[kind(b)] += b in test_set
        for b in test:
            test_all[kind(b)] += 1
            test_bad[kind(b)] += b not in gold_set
        for b in gold:
            if b in test_set or shown >= args.show:
                continue
            shown += 1
            print(f"--- {doc} gold {kind(b)} {list(b[0])}:{list(b[1])}")
            near = [t for t in test if set(t[0]) & set(b[0]) or set(t[1]) & set(b[1])]
            print("    output: " + "  ".join(f"{list(t[0])}:{list(t[1])}" for t in near))
            for i in b[0]:
                print(f"    S{i}: {src[i]}")
            for j in b[1]:
                print(f"    T{j}: {tgt[j]}")
    print(f"{'type':<6} {'gold':>6} {'found':>6} {'output':>7} {'wrong':>6}")
    for t in sorted(set(gold_all) | set(test_all), key=lambda k: -gold_all[k] - test_all[k]):
        print(f"{t:<6} {gold_all[t]:>6} {gold_hit[t]:>6} {test_all[t]:>7} {test_bad[t]:>6}")


if __name__ == "__main__":
    sys.exit(main())
