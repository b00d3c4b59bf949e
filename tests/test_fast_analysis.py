"""The indexing fast path (words analysed without a token object each) gives the text
field exactly what the token chain gives: the same terms at the same positions, and
the same postings (word counts, weights, encoded positions)."""

from collections import defaultdict
from pathlib import Path

import pytest
from whoosh.formats import Positions

from sersearch.analysis import dutch_analyzer
from sersearch.extract import extract_file
from sersearch.store import build_schema

ELISIONS = [
    "de raads- en commissieleden",
    "wind-, zon- en waterenergie en de start- en landingsbaan",
    "natuurherstel en -ontwikkeling, omgevingsvisie en -verordening",
    "zowel raads- als commissieleden",
    "voor- en nadelen; in- en uitvoer van regio’s",
    "raads- en de commissieleden",  # a stopword between the conjuncts
    "de raads- en",  # no conjunct follows
    "en -ontwikkeling",  # no word before
]


def reference_postings(text: str) -> dict[str, tuple[int, float, bytes]]:
    """What the text field's postings were before the fast path: each term's word
    count, weight and encoded positions, from the tokens of the analyzer chain."""
    positions: dict[str, list[int]] = defaultdict(list)
    weights: dict[str, float] = defaultdict(float)
    words: dict[str, int] = defaultdict(int)
    last = None
    for token in dutch_analyzer()(text, positions=True, boosts=True, mode="index"):
        positions[token.text].append(token.pos)
        weights[token.text] += token.boost
        if token.pos != last:
            words[token.text] += 1
            last = token.pos
    encode = Positions().encode
    return {term: (words[term], weights[term], encode(p)) for term, p in positions.items()}


def texts(folder: Path) -> list[str]:
    """Paragraphs of the bundled corpus's texts."""
    return [
        paragraph
        for path in sorted(folder.glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
    ]


def check(text: str) -> None:
    field = build_schema()["text"]
    fast = {
        term: (words, weight, value)
        for term, words, weight, value in field.format.word_values(
            text, field.analyzer, mode="index"
        )
    }
    assert fast == reference_postings(text)
    # Asked for more than an index run needs, the format reads the tokens instead.
    slow = {
        term: (words, weight, value)
        for term, words, weight, value in field.format.word_values(
            text, field.analyzer, mode="index", chars=True
        )
    }
    assert slow == fast
    # The token chain (queries, other fields) yields the same terms at the same places.
    chain = [(t.pos, t.text) for t in dutch_analyzer()(text, positions=True, mode="index")]
    direct = [
        (position, term)
        for position, terms in dutch_analyzer()
        .items[1]
        .token_terms(text, dutch_analyzer().items[0])
        for term in terms
    ]
    assert direct == chain


@pytest.mark.parametrize("text", ELISIONS)
def test_elided_conjuncts_index_as_through_the_tokens(text: str) -> None:
    check(text)
    assert reference_postings(text)


def test_the_bundled_corpus_indexes_as_through_the_tokens(bundled_corpus: Path) -> None:
    paragraphs = texts(bundled_corpus)
    assert len(paragraphs) > 100
    for paragraph in paragraphs:
        check(paragraph)


def test_real_documents_index_as_through_the_tokens(corpus_real: Path) -> None:
    smallest = sorted(corpus_real.glob("*.pdf"), key=lambda path: path.stat().st_size)
    checked = 0
    for path in smallest[1:4]:  # the smallest is a broken file
        for page in extract_file(path).pages:
            check("\n".join(line.text for line in page.lines))
            checked += 1
    assert checked > 2
