"""Writes a TMX 1.4b file of N en -> zh units for bench/formats/run.sh: unit i pairs English
line i % E of the Bible dev set (../shared/data/align-dev/bible-zh-en/*.tgt) with Chinese line
i % Z (*.src), each with " [i]" appended so that every unit is distinct. Real sentence lengths
and scripts; the pairs are not translations of each other, which a speed benchmark does not need.

usage: make_tmx.py SHARED_DIR UNITS OUT.tmx"""

import glob
import os
import sys
from xml.sax.saxutils import escape


def lines(pattern):
    out = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            out.extend(line.strip() for line in f if line.strip())
    return out


def main():
    shared, units, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    corpus = os.path.join(shared, "data", "align-dev", "bible-zh-en")
    english, chinese = lines(os.path.join(corpus, "*.tgt")), lines(os.path.join(corpus, "*.src"))
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                '<header creationtool="make_tmx.py" creationtoolversion="1" segtype="sentence" '
                'o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
        for i in range(units):
            en = escape("%s [%d]" % (english[i % len(english)], i))
            zh = escape("%s [%d]" % (chinese[i % len(chinese)], i))
            f.write('<tu><tuv xml:lang="en"><seg>%s</seg></tuv>'
                    '<tuv xml:lang="zh-CN"><seg>%s</seg></tuv></tu>\n' % (en, zh))
        f.write("</body>\n</tmx>\n")


if __name__ == "__main__":
    main()
