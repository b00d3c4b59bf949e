"""Run the compound splitter over a corpus's vocabulary and print what it splits.

For eyeballing false splits: counts, then every split (or a random sample), with the
word's corpus count and the Zipf frequencies of word and parts.

Usage: python scripts/compound_report.py [--sample N] [--seed S] [--corpus-counts] [FILES...]
(default files: corpus/*.txt)
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

from sersearch.analysis.compounds import CompoundSplitter, load_lexicon
from sersearch.analysis.fold import fold

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+(?:-\w+)*")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="print N random splits (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus-counts", action="store_true", help="add corpus words to lexicon")
    args = parser.parse_args()

    files = args.files or sorted((ROOT / "corpus").glob("*.txt"))
    counts = Counter(
        fold(w) for f in files for w in WORD.findall(f.read_text("utf-8")) if not w.isdigit()
    )
    lexicon = load_lexicon()
    if args.corpus_counts:
        lexicon = lexicon.with_corpus_counts(counts)
    splitter = CompoundSplitter(lexicon)

    splits = {w: splitter.split(w) for w in counts}
    split_words = sorted(w for w, parts in splits.items() if parts)
    hyphenated = [w for w in split_words if "-" in w]
    print(f"files: {len(files)}, word types: {len(counts)}, tokens: {sum(counts.values())}")
    print(f"split: {len(split_words)} types ({len(hyphenated)} hyphenated), ", end="")
    print(f"{sum(counts[w] for w in split_words)} tokens")
    closed = [w for w in split_words if "-" not in w]
    shown = closed
    if args.sample and args.sample < len(closed):
        shown = sorted(random.Random(args.seed).sample(closed, args.sample))
    print(f"\n{'word':34} {'n':>3} {'zipf':>5}  parts (zipf)  | all levels")
    for word in shown:
        parts = " + ".join(f"{p} ({lexicon.frequency(p):.2f})" for p in splits[word])
        deeper = " ".join(splitter.decompose(word))
        print(f"{word:34} {counts[word]:>3} {lexicon.frequency(word):5.2f}  {parts}  | {deeper}")


if __name__ == "__main__":
    main()
