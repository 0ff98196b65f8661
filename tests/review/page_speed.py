#!/usr/bin/python3
"""How quick the review page is on a long text (run by hand, not under ctest).

    tests/review/page_speed.py build-review/src/cli/tmkit 40

aligns the bundled example repeated N times (40: 1,560 x 1,921 sentences), writes the review
page, opens it in headless Chromium and times the load, 20 presses of j and 20 of a.
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import review_in_chromium as r  # noqa: E402  (the DevTools client of the end-to-end test)


def main():
    tmkit, copies = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40
    example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                           "briefing")
    work = tempfile.mkdtemp(prefix="tmkit-page-speed-")
    for lang in ("zh", "en"):
        with open(os.path.join(example, "briefing.%s.txt" % lang), encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(work, lang + ".txt"), "w", encoding="utf-8") as f:
            f.write((text + "\n") * copies)
    report = os.path.join(work, "review.html")
    subprocess.run([tmkit, "-q", "align", os.path.join(work, "zh.txt"),
                    os.path.join(work, "en.txt"), "--src-lang", "zh-CN", "--tgt-lang", "en-US",
                    "-o", os.devnull, "--report", report], check=True)
    dt = r.DevTools("/usr/bin/chromium", work)
    try:
        page = r.Page(dt)
        start = time.monotonic()
        page.load("Page.navigate", {"url": "file://" + report})
        print("load %.2f s, %d rows" % (time.monotonic() - start,
                                        page.evaluate("document.querySelectorAll('.row').length")))
        for key in ("j", "a"):
            start = time.monotonic()
            page.press(key, 20)
            print("%s: %.0f ms a key" % (key, (time.monotonic() - start) / 20 * 1000))
    finally:
        dt.close()


if __name__ == "__main__":
    main()
