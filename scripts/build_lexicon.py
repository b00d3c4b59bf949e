"""Build sersearch/data/nl_lexicon.txt + .zipf + .offsets, the lexicon for compound splitting.

Development-time only: needs the ``wordfreq`` package, which sersearch does not
depend on at run time. Source data: wordfreq's Dutch "large" list, licensed
CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); the shipped file is
a derived work under the same licence.

Words are folded (lower case, no diacritics), kept if purely alphabetic and at least
two letters, merged by summing frequencies, and dropped below ``--min-zipf`` (rarer
words can be neither a part nor block a split at the splitter's default threshold).
Output: ``nl_lexicon.txt``, ``#`` comment lines then one word per line sorted by code
point (the loader bisects a list instead of building a dict), and ``nl_lexicon.zipf``,
each word's Zipf×100 as a little-endian uint16 in the same order, and
``nl_lexicon.offsets``, the byte offset where each word starts in the text and, last,
its end (uint32): a search bisects the text without splitting it, an index run splits
it once (a gzip'd TSV took 4× longer to load than one split).

Usage: python scripts/build_lexicon.py [--size 250000]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from array import array
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import wordfreq

from sersearch.analysis.fold import fold

DATA = Path(__file__).resolve().parents[1] / "sersearch" / "data"
WORDS_FILE = DATA / "nl_lexicon.txt"
ZIPF_FILE = DATA / "nl_lexicon.zipf"
OFFSETS_FILE = DATA / "nl_lexicon.offsets"
WORD = re.compile(r"[a-z]{2,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=400_000, help="top-N words to read")
    parser.add_argument(
        "--min-zipf", type=float, default=2.0, help="drop rarer words (CompoundSplitter.min_zipf)"
    )
    args = parser.parse_args()

    frequencies: dict[str, float] = defaultdict(float)
    for word in wordfreq.top_n_list("nl", args.size, wordlist="large"):
        folded = fold(word)
        if WORD.fullmatch(folded):
            frequencies[folded] += wordfreq.word_frequency(word, "nl", wordlist="large")

    zipfs = {w: round((math.log10(f) + 9) * 100) for w, f in frequencies.items()}
    kept = sorted(w for w, z in zipfs.items() if z >= args.min_zipf * 100)
    header = (
        f"# Dutch word frequencies for sersearch compound splitting: {len(kept)} words.\n"
        f"# Built by scripts/build_lexicon.py from wordfreq {version('wordfreq')} 'large' nl.\n"
        "# Licence: CC BY-SA 4.0 (wordfreq data), https://creativecommons.org/licenses/by-sa/4.0/\n"
        "# Format: one folded word per line, sorted by code point; nl_lexicon.zipf holds each"
        " word's Zipf x 100 (uint16, little-endian, same order)\n"
    )
    WORDS_FILE.write_text(header + "".join(f"{w}\n" for w in kept), encoding="utf-8")
    packed = array("H", (zipfs[w] for w in kept))
    if sys.byteorder != "little":
        packed.byteswap()
    ZIPF_FILE.write_bytes(packed.tobytes())
    offsets = array("I", [len(header.encode())])
    for word in kept:
        offsets.append(offsets[-1] + len(word.encode()) + 1)
    if sys.byteorder != "little":
        offsets.byteswap()
    OFFSETS_FILE.write_bytes(offsets.tobytes())
    print(f"wrote {WORDS_FILE}, {ZIPF_FILE} and {OFFSETS_FILE} ({len(kept):,} words)")


if __name__ == "__main__":
    main()
