#!/usr/bin/python3
"""Calibration of the aligner's confidence: strict accuracy of beads per confidence band.

Usage: calibration.py DATASET_DIR OUT_DIR [--units-dir DIR]

Reads OUT_DIR/NNN.align (vecalign format with the confidence as third field) and the gold
DATASET_DIR/NNN.gold.align. With --units-dir (the Bible), runs of beads inside one verse are
merged first, exactly as ../shared/tools/align-score.py does, and a merged bead takes the
lowest confidence of its parts. A bead is strictly correct when it equals a gold bead.
Prints, per band (>= 0.9, 0.7-0.9, < 0.7), the number of beads and the share correct;
1-0 and 0-1 beads are reported apart, since the scorer does not count them as recall.
"""
import argparse
import ast
import os
import sys


def read_beads(path):
    beads = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.strip().split(":")
            if len(parts) < 2:
                continue
            conf = float(parts[2]) if len(parts) > 2 and parts[2] else 1.0
            beads.append((tuple(ast.literal_eval(parts[0])), tuple(ast.literal_eval(parts[1])), conf))
    return beads


def merge_by_units(beads, src_units, tgt_units):
    def label(side, units):
        if not side:
            return None
        labels = {units[i] if i < len(units) else object() for i in side}
        return labels.pop() if len(labels) == 1 else False

    merged, last = [], False
    for src, tgt, conf in beads:
        ls, lt = label(src, src_units), label(tgt, tgt_units)
        if ls is False or lt is False or (ls is None and lt is None):
            lab = False
        elif ls is None or lt is None or ls == lt:
            lab = lt if ls is None else ls
        else:
            lab = False
        if lab is not False and lab == last and merged:
            ps, pt, pc = merged[-1]
            merged[-1] = (tuple(sorted(ps + src)), tuple(sorted(pt + tgt)), min(pc, conf))
        else:
            merged.append((src, tgt, conf))
        last = lab
    return merged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("out")
    ap.add_argument("--units-dir")
    args = ap.parse_args()
    bands = {">=0.9": [0, 0], "0.7-0.9": [0, 0], "<0.7": [0, 0], "1-0/0-1": [0, 0]}
    docs = sorted(f[:-len(".gold.align")] for f in os.listdir(args.dataset) if f.endswith(".gold.align"))
    for doc in docs:
        gold = {(s, t) for s, t, _ in read_beads(os.path.join(args.dataset, doc + ".gold.align"))}
        test = read_beads(os.path.join(args.out, doc + ".align"))
        if args.units_dir:
            units = [open(os.path.join(args.units_dir, f"{doc}.{side}.verse"), encoding="utf-8").read().split("\n")
                     for side in ("src", "tgt")]
            test = merge_by_units(test, units[0], units[1])
        for src, tgt, conf in test:
            band = "1-0/0-1" if not src or not tgt else ">=0.9" if conf >= 0.9 else "0.7-0.9" if conf >= 0.7 else "<0.7"
            bands[band][0] += 1
            bands[band][1] += (src, tgt) in gold
    print(f"{'confidence':<10} {'beads':>7} {'strictly correct':>17}")
    for name, (count, right) in bands.items():
        share = f"{right / count:.3f}" if count else "-"
        print(f"{name:<10} {count:>7} {share:>17}")


if __name__ == "__main__":
    sys.exit(main())
