#!/usr/bin/python3
"""Concatenates the documents of an align-dev set into one document `all` (texts, verse files
and the gold alignment with shifted indices), for the long-document benchmark.

Usage: concatenate.py DATASET_DIR OUT_DIR
"""
import ast
import os
import sys


def lines(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read().split("\n")[:-1]


def main(src_dir, out_dir):
    docs = sorted(f[:-4] for f in os.listdir(src_dir) if f.endswith(".src"))
    texts = {ext: [] for ext in ("src", "tgt", "src.verse", "tgt.verse")}
    gold = []
    for doc in docs:
        src_off, tgt_off = len(texts["src"]), len(texts["tgt"])
        for ext in texts:
            path = os.path.join(src_dir, f"{doc}.{ext}")
            if os.path.exists(path):
                texts[ext].extend(lines(path))
        for line in lines(os.path.join(src_dir, f"{doc}.gold.align")):
            src, tgt = line.split(":")[:2]
            gold.append("%s:%s" % ([i + src_off for i in ast.literal_eval(src)],
                                   [j + tgt_off for j in ast.literal_eval(tgt)]))
    for ext, content in texts.items():
        if content:
            with open(os.path.join(out_dir, f"all.{ext}"), "w", encoding="utf-8") as fh:
                fh.write("\n".join(content) + "\n")
    with open(os.path.join(out_dir, "all.gold.align"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(gold) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
