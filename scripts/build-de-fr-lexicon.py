#!/usr/bin/python3
"""Derives tmkit's compact de->fr lexicon (data/lexicon/de-fr.tsv) from FreeDict's
German-French dictionary (Debian package dict-freedict-deu-fra, CC BY-SA 3.0) and, inverted,
its French-German dictionary (dict-freedict-fra-deu, CC BY-SA 3.0).

Usage: scripts/build-de-fr-lexicon.py DEU_FRA.index DEU_FRA.dict.dz \
           [FRA_DEU.index FRA_DEU.dict.dz] OUT_TSV

Each output line is `german word<TAB>french words`: single-word German headwords only (the
aligner matches German word by word), with the words of their French translations, up to 10
distinct, lower case, in order. An entry's first line names the headword; its translations are
the next line and every line numbered "N. "; the German definitions that follow them are
skipped. With the French-German dictionary, each single-word French headword is also added
to every German translation of it that is one word: the two dictionaries cover different
words (the German-French one lacks "Erlebnis"; the French-German one has "expérience ->
Erlebnis"). Stop words and accents are left to the aligner, which normalises both sides alike.
The output is CC BY-SA 3.0 like its sources (see data/lexicon/NOTICE).
"""
import gzip
import re
import sys

MAX_WORDS = 10
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64_number(text):
    value = 0
    for ch in text:
        value = value * 64 + B64.index(ch)
    return value


def translation_texts(entry):
    """The translation lines of an entry (its second line and every line numbered "N. "),
    without the next sense's number run into a line and without parenthesised remarks."""
    lines = [line.strip() for line in entry.split("\n")]
    picked = []
    for k, line in enumerate(lines[1:], start=1):
        numbered = re.match(r"^\d+\.\s+(.*)$", line)
        if k == 1 and not line[:1].isdigit():
            picked.append(line)
        elif numbered:
            picked.append(numbered.group(1))
    return [re.sub(r"\([^)]*\)", " ", re.sub(r"\s+\d+\.$", "", text)) for text in picked]


def translations(entry):
    words = []
    for text in translation_texts(entry):
        for word in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text.lower()):
            if word not in words and len(words) < MAX_WORDS:
                words.append(word)
    return words


def one_word_translations(entry):
    """The translations of an entry that are a single word ("Erlebnis", not "erste Hilfe")."""
    words = []
    for text in translation_texts(entry):
        for phrase in text.split(","):
            phrase = phrase.strip().lower()
            if re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", phrase) and phrase not in words:
                words.append(phrase)
    return words


def headword_entries(index_path, dict_path, head_pattern):
    """(headword, entry text) of every headword of a FreeDict dictionary that is one word
    matching head_pattern."""
    with gzip.open(dict_path, "rb") as fh:
        data = fh.read()
    with open(index_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00database") or not parts[0]:
                continue
            head = parts[0]
            if " " in head or not re.fullmatch(head_pattern, head):
                continue
            entry = data[b64_number(parts[1]):b64_number(parts[1]) + b64_number(parts[2])]
            yield head, entry.decode("utf-8", errors="replace")


def entries(index_path, dict_path):
    """(headword, translation words) of the German-French dictionary."""
    for head, entry in headword_entries(index_path, dict_path, r"[^\W\d_][\w'-]*"):
        words = translations(entry)
        if words:
            yield head, words


def reverse_entries(index_path, dict_path):
    """(german word, french headword) from the French-German dictionary."""
    for head, entry in headword_entries(index_path, dict_path, r"[^\W\d_][\w'’-]*"):
        for german in one_word_translations(entry):
            yield german, head.lower()


def main(*args):
    out_path = args[-1]
    lexicon = {}

    def add(head, words):
        bag = lexicon.setdefault(head, [])
        for w in words:
            if w not in bag and len(bag) < MAX_WORDS:
                bag.append(w)

    for head, words in entries(args[0], args[1]):
        add(head, words)
    if len(args) == 5:
        for german, french in reverse_entries(args[2], args[3]):
            add(german, [french])
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        for head in sorted(lexicon):
            out.write(f"{head}\t{' '.join(lexicon[head])}\n")


if __name__ == "__main__":
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    main(*sys.argv[1:])
