"""The prose prior: running text keeps its score, tables and address blocks lose some."""

import pytest

from sersearch.prose import FLOOR, function_word_share, prose_prior

PROSE = (
    "De provincie wil dat er in 2030 meer windturbines staan, maar de gemeenten "
    "willen eerst weten hoe het landschap er dan uitziet."
)
ENGLISH = "The report finds that the payment for order flow is not in the interest of the client."
ADDRESS = "Penitentiaire Inrichting Zwolle Vestigingsdirecteur Doornestraat 15 8013 NR Zwolle"
TABLE = "Windpark Vermogen MW Turbines Gemeente Status 12 4 Zwolle vergund 18 6 Deventer gepland"


def test_prose_keeps_its_score_in_dutch_and_in_english():
    assert function_word_share(PROSE) >= 0.4
    assert prose_prior(PROSE) == 1.0
    assert prose_prior(ENGLISH) == 1.0


@pytest.mark.parametrize("text", [ADDRESS, TABLE, "12 345 6,7", ""])
def test_text_without_function_words_loses_at_most_half(text):
    assert FLOOR <= prose_prior(text) < 1.0


def test_a_stressed_function_word_counts_as_a_content_word():
    # As in the index: "één" (one) and "óók" (emphatic) are not the stopwords een, ook.
    assert function_word_share("Hij is óók daar") < function_word_share("Hij is ook daar")
