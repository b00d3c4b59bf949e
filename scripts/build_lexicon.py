"""Build sersearch/data/nl_lexicon.tsv.gz, the word-frequency lexicon for compound splitting.

Development-time only: needs the ``wordfreq`` package, which sersearch does not
depend on at run time. Source data: wordfreq's Dutch "large" list, licensed
CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); the shipped file is
a derived work under the same licence.

Words are folded (lower case, no diacritics), kept if purely alphabetic and at least
two letters, merged by summing frequencies, and dropped below ``--min-zipf`` (rarer
words can be neither a part nor block a split at the splitter's default threshold).
Output: a gzip'd TSV, ``#`` comment lines then ``<word><TAB><zipf×100>`` sorted by
word (code point order), so the loader can bisect a list instead of building a dict
(3× faster to load).

Usage: python scripts/build_lexicon.py [--size 250000]
"""

from __future__ import annotations

import argparse
import gzip
import math
import re
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import wordfreq

from sersearch.analysis.fold import fold

OUTPUT = Path(__file__).resolve().parents[1] / "sersearch" / "data" / "nl_lexicon.tsv.gz"
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
        "# Format: <folded word><TAB><zipf x 100>, sorted by word\n"
    )
    lines = [f"{w}\t{zipfs[w]}\n" for w in kept]
    with gzip.open(OUTPUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(header)
        out.writelines(lines)
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes, {len(kept):,} words)")


if __name__ == "__main__":
    main()
