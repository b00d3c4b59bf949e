"""Seeded corpus generator: real passages first, then passages with Dutch word statistics.

``python -m bench.corpus --passages 100000 --out bench/out/passages-100k.jsonl``

Generated words follow Dutch word frequencies (``wordfreq``), mixed with tokens of
the real passages, per-document topic words and generated compounds
(``woning`` + ``markt`` → ``woningmarkt``, ``veiligheid`` + s + ``regio`` …).
Sentence and passage lengths are drawn from the real passages. With a fixed seed
the output for N passages is a prefix of the output for any larger N.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from bench.real import real_passages

WORDFREQ_LIST = 50_000  # the tail beyond is mostly web/subtitle noise, not policy prose
P_REAL = 0.35  # token drawn from the real passages' token stream
P_TOPIC = 0.08  # token drawn from the document's topic words
P_COMPOUND = 0.012  # freshly composed compound noun
P_COMMA = 0.06
DOC_PASSAGES = (20, 60)
DOC_TYPES = {
    "advies": 0.25,
    "brief": 0.25,
    "rapport": 0.15,
    "verslag": 0.15,
    "persbericht": 0.12,
    "jaarverslag": 0.08,
}
TITLES = {
    "advies": "Advies over {a} en {b}",
    "brief": "Brief inzake {a}",
    "rapport": "Rapport {a} en {b}",
    "verslag": "Verslag overleg {a}",
    "persbericht": "Persbericht: {a} in {b}",
    "jaarverslag": "Jaarverslag {year}",
}
FIRST_DATE, LAST_DATE = date(2005, 1, 1), date(2025, 6, 30)
_S_LINKED = ("ing", "heid", "teit", "schap", "dom", "sel", "erf")
_TOKEN = re.compile(r"\w+")
_REAL_TOKEN = re.compile(r"[\w’'-]*\w")
_DETERMINERS = frozenset({"de", "het", "een", "deze", "dit"})
# A word between a determiner and one of these is almost always a noun ("de markt is").
_AFTER_NOUN = frozenset(
    {"van", "is", "in", "en", "op", "voor", "te", "met", "aan", "die", "dat", "wordt", "zijn"}
    | {"om", "bij", "naar", "uit", "heeft", "niet", "ook", "als", "door", "worden", "kan", "moet"}
)


@dataclass(frozen=True)
class Model:
    """What the generator samples from, learnt from wordfreq and the real passages."""

    words: list[str]
    word_cum: list[float]
    nouns: list[str]
    noun_cum: list[float]
    real_tokens: list[str]
    sentence_lengths: list[int]
    passage_lengths: list[int]


def build_model(real: list[dict[str, object]]) -> Model:
    """Learn the sampling model; nouns are words seen as ``de <word> van`` in real text."""
    from wordfreq import top_n_list, word_frequency

    words = [w for w in top_n_list("nl", WORDFREQ_LIST) if w.replace("-", "").isalpha()]
    freq = {w: word_frequency(w, "nl") for w in words}
    texts = [str(r["text"]) for r in real]
    real_tokens = [t for text in texts for t in _REAL_TOKEN.findall(text)]
    lowered = [t.lower() for t in real_tokens]
    function_words = set(words[:300])
    nouns = sorted(
        {
            w
            for prev, w, nxt in zip(lowered, lowered[1:], lowered[2:], strict=False)
            if prev in _DETERMINERS
            and nxt in _AFTER_NOUN
            and len(w) >= 4
            and w.isalpha()
            and w in freq
            and w not in function_words
        }
    )
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?])\s+", text)]
    return Model(
        words=words,
        word_cum=list(accumulate(freq[w] for w in words)),
        nouns=nouns,
        noun_cum=list(accumulate(freq[w] for w in nouns)),
        real_tokens=real_tokens,
        sentence_lengths=[min(max(len(s.split()), 3), 60) for s in sentences],
        passage_lengths=[len(t.split()) for t in texts],
    )


class Generator:
    """Generates documents of passages from a :class:`Model` with a seeded RNG."""

    def __init__(self, model: Model, seed: int) -> None:
        self.model = model
        self.rng = random.Random(seed)

    def noun(self) -> str:
        return self.rng.choices(self.model.nouns, cum_weights=self.model.noun_cum)[0]

    def compound(self) -> str:
        """Two frequent nouns joined, with the linking s or en where Dutch tends to use one."""
        head, tail = self.noun(), self.noun()
        if head.endswith(_S_LINKED):
            link = "s"
        elif head[-1] not in "aeiouy" and self.rng.random() < 0.15:
            link = "en"
        else:
            link = ""
        return head + link + tail

    def sentence(self, n: int, topic: list[str]) -> str:
        rng, model = self.rng, self.model
        tokens = rng.choices(model.words, cum_weights=model.word_cum, k=n)
        for i in range(n):
            roll = rng.random()
            if roll < P_REAL:
                tokens[i] = rng.choice(model.real_tokens)
            elif roll < P_REAL + P_TOPIC:
                tokens[i] = rng.choice(topic)
            elif roll < P_REAL + P_TOPIC + P_COMPOUND:
                tokens[i] = self.compound()
            elif i < n - 1 and roll > 1 - P_COMMA:
                tokens[i] += ","
        tokens[0] = tokens[0][:1].upper() + tokens[0][1:]
        end = rng.choices(".:?", weights=(94, 3, 3))[0]
        return " ".join(tokens) + end

    def passage_text(self, topic: list[str]) -> str:
        remaining = self.rng.choice(self.model.passage_lengths)
        sentences = []
        while remaining > 0:
            n = min(self.rng.choice(self.model.sentence_lengths), remaining)
            sentences.append(self.sentence(max(n, 2), topic))
            remaining -= n
        return " ".join(sentences)

    def documents(self) -> Iterator[list[dict[str, object]]]:
        """An endless stream of generated documents, each a list of passage records."""
        rng = self.rng
        for number in range(1, 10**9):
            doc_id = f"gen-{number:07d}"
            doc_type = rng.choices(list(DOC_TYPES), weights=list(DOC_TYPES.values()))[0]
            day = FIRST_DATE + timedelta(days=rng.randrange((LAST_DATE - FIRST_DATE).days))
            topic = [self.compound() for _ in range(5)] + [self.noun() for _ in range(10)]
            topic += [t for t in rng.sample(self.model.real_tokens, 5) if t.isalpha()]
            title = TITLES[doc_type].format(a=topic[0], b=topic[5], year=day.year)
            page, section_no, section = 1, 1, f"1 {topic[6].capitalize()}"
            passages = []
            for ordinal in range(1, rng.randint(*DOC_PASSAGES) + 1):
                if ordinal > 1 and rng.random() < 0.35:
                    page += 1
                if ordinal > 1 and rng.random() < 0.12:
                    section_no += 1
                    section = f"{section_no} {rng.choice(topic).capitalize()}"
                passages.append(
                    {
                        "passage_id": f"{doc_id}#{ordinal}",
                        "doc_id": doc_id,
                        "title": title,
                        "date": day.isoformat(),
                        "doc_type": doc_type,
                        "page": page,
                        "section": section,
                        "text": self.passage_text(topic),
                    }
                )
            yield passages


def corpus(n: int, seed: int = 42) -> Iterator[tuple[bool, dict[str, object]]]:
    """Yield ``(is_real, record)`` for ``n`` passages: real ones first, then generated."""
    real = real_passages()
    for record in real[:n]:
        yield True, record
    remaining = n - len(real)
    if remaining <= 0:
        return
    for doc in Generator(build_model(real), seed).documents():
        for record in doc[:remaining]:
            yield False, record
        remaining -= len(doc)
        if remaining <= 0:
            return


class Stats:
    """Collection statistics: vocabulary and posting lengths (passages per term)."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.lengths: list[int] = []
        self.docs: set[str] = set()

    def add(self, record: dict[str, object]) -> None:
        tokens = _TOKEN.findall(str(record["text"]).lower())
        self.df.update(set(tokens))
        self.lengths.append(len(tokens))
        self.docs.add(str(record["doc_id"]))

    def summary(self) -> dict[str, float | int]:
        if not self.lengths:
            return {"passages": 0}
        postings = sorted(self.df.values())
        return {
            "passages": len(self.lengths),
            "docs": len(self.docs),
            "total_words": sum(self.lengths),
            "words_per_passage_mean": round(statistics.fmean(self.lengths), 1),
            "words_per_passage_median": statistics.median(self.lengths),
            "vocabulary": len(postings),
            "passages_per_term_mean": round(statistics.fmean(postings), 2),
            "passages_per_term_median": statistics.median(postings),
            "passages_per_term_p99": postings[int(0.99 * (len(postings) - 1))],
            "passages_per_term_max": postings[-1],
            "terms_in_one_passage_share": round(postings.count(1) / len(postings), 3),
        }


def write_corpus(n: int, out: Path, seed: int = 42) -> dict[str, dict[str, float | int]]:
    """Write ``n`` passages as JSON lines to ``out`` and their statistics next to it.

    The statistics compare the real passages with a sample of generated passages of
    the same size (the first ones), so that the two are comparable.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    real, generated_sample, generated, everything = Stats(), Stats(), Stats(), Stats()
    with out.open("w", encoding="utf-8") as fh:
        for is_real, record in corpus(n, seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            everything.add(record)
            if is_real:
                real.add(record)
                continue
            generated.add(record)
            if len(generated_sample.lengths) < len(real.lengths):
                generated_sample.add(record)
    stats = {
        "real": real.summary(),
        "generated_sample_same_size_as_real": generated_sample.summary(),
        "generated": generated.summary(),
        "all": everything.summary(),
    }
    stats_path(out).write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


def read_passages(path: Path) -> Iterator[dict[str, object]]:
    """Stream the passage records of a corpus file."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def stats_path(corpus_path: Path) -> Path:
    """Where the statistics of a corpus file are written."""
    return corpus_path.with_suffix(".stats.json")


def format_stats(stats: dict[str, dict[str, float | int]]) -> str:
    """The statistics as a Markdown table, one column per subset."""
    keys = list(stats["all"])
    lines = ["| statistic | " + " | ".join(stats) + " |", "|---" * (len(stats) + 1) + "|"]
    for key in keys:
        row = [str(subset.get(key, "")) for subset in stats.values()]
        lines.append(f"| {key} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(format_stats(write_corpus(args.passages, args.out, args.seed)))


if __name__ == "__main__":
    main()
