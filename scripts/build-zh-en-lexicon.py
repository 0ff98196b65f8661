#!/usr/bin/python3
"""Derives tmkit's compact zh->en lexicon (data/lexicon/zh-en.tsv) from CC-CEDICT.

Usage: scripts/build-zh-en-lexicon.py CEDICT_FILE OUT_TSV

Each output line is `headword<TAB>readings<TAB>gloss words`:
- headword: the simplified form, and the traditional one when it differs (at most 8
  characters);
- readings: for single characters only, their pinyin without tones (surname readings first,
  comma-separated), which the aligner uses to match names (朱国贤 <-> Zhu Guoxian);
- gloss words: up to 8 distinct lower-case English words from the glosses, in order, with
  parenthesised remarks, classifiers (CL:), cross-references (see ...) and variant notes
  dropped, and the commonest stop words. Stemming is left to the aligner so that both sides
  of a comparison are normalised by the same code.
The output is CC BY-SA 4.0 like its source (see data/lexicon/NOTICE).
"""
import re
import sys

MAX_WORDS = 8
MAX_HEADWORD = 8  # longer entries (idioms, titles) almost never occur verbatim in running text
# Words that say nothing about a translation; the aligner has the same list (lexicon.cpp).
STOP = set("""a an the and or of to in on at by for with from as is are am be been was were
it its this that these those s sb sth etc one's oneself""".split())
SKIP_PREFIXES = ("cl:", "see ", "see also", "variant of", "old variant", "archaic variant",
                 "unofficial variant", "erhua variant", "japanese variant", "taiwan pr.",
                 "also pr.", "abbr. for", "used in", "surname ", "(old)", "pr. ")
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def gloss_words(gloss):
    gloss = gloss.strip()
    if gloss.lower().startswith(SKIP_PREFIXES):
        return []
    gloss = re.sub(r"\([^)]*\)", " ", gloss)
    gloss = re.sub(r"\[[^\]]*\]", " ", gloss)
    gloss = re.sub(r"\S*[\u3400-\u9fff|]\S*", " ", gloss)  # embedded Chinese references
    return [w for w in re.findall(r"[a-z][a-z'-]*[a-z]|[a-z]|[0-9]+", gloss.lower()) if w not in STOP]


def reading(pinyin):
    syllable = re.sub(r"[0-9]", "", pinyin).replace("u:", "v").lower()
    return syllable if re.fullmatch(r"[a-zv]+", syllable) else ""


def main(src, dst):
    words = {}     # headword -> ordered distinct gloss words
    readings = {}  # single character -> ordered readings, surname (capitalised) first
    with open(src, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = LINE.match(line)
            if not m:
                continue
            trad, simp, pinyin, glosses = m.groups()
            for head in dict.fromkeys((simp, trad)):
                if len(head) > MAX_HEADWORD:
                    continue
                bag = words.setdefault(head, [])
                for gloss in glosses.split("/"):
                    for w in gloss_words(gloss):
                        if w not in bag and len(bag) < MAX_WORDS:
                            bag.append(w)
                if len(head) == 1:
                    r = reading(pinyin)
                    if r:
                        have = readings.setdefault(head, [])
                        if r not in have:
                            have.insert(0, r) if pinyin[:1].isupper() else have.append(r)
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        for head in sorted(words):
            bag = words[head]
            rs = readings.get(head, [])
            if bag or rs:
                out.write(f"{head}\t{','.join(rs[:3])}\t{' '.join(bag)}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
