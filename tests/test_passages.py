from sersearch.models import Line, Page
from sersearch.passages import MAX_WORDS, build_passages


def page(number: int, *texts: str, size: float | None = None, label: str | None = None) -> Page:
    return Page(number, tuple(Line(t, size=size) for t in texts), label=label)


SENTENCE = "De raad adviseert de provincie over de arbeidsmarkt in de regio Overijssel."


def test_numbered_headings_become_a_section_path_not_passages():
    body = " ".join([SENTENCE] * 5)
    pages = [
        page(
            1, "3 Werkwijze", "", "3.1 Samenstelling", body, "", "3.2 Uitbrengen van adviezen", body
        ),
        page(2, "4 Adviestrajecten", "", body),
    ]
    passages = build_passages("doc", pages)
    assert [p.section for p in passages] == [
        "3 Werkwijze › 3.1 Samenstelling",
        "3 Werkwijze › 3.2 Uitbrengen van adviezen",
        "4 Adviestrajecten",
    ]
    assert [p.page for p in passages] == [1, 1, 2]
    # a heading opens the first passage under it: its words stay searchable text
    assert [p.text[: p.text.index(" De raad")] for p in passages] == [
        "3 Werkwijze 3.1 Samenstelling",
        "3.2 Uitbrengen van adviezen",
        "4 Adviestrajecten",
    ]


def test_numbers_out_of_sequence_are_not_headings():
    body = " ".join([SENTENCE] * 5)
    pages = [page(1, "2 Aanleiding", body, "", "1 Zie het rapport van het CPB", body)]
    passages = build_passages("doc", pages)
    assert {p.section for p in passages} == {"2 Aanleiding"}
    assert "1 Zie het rapport van het CPB" in passages[-1].text


def test_heading_wrapped_over_two_lines_is_joined():
    body = " ".join([SENTENCE] * 5)
    pages = [
        page(1, "3.3 Meerwaarde van SER-adviezen door combinatie van kennis en", "draagvlak", body)
    ]
    (passage,) = build_passages("doc", pages)
    assert (
        passage.section == "3.3 Meerwaarde van SER-adviezen door combinatie van kennis en draagvlak"
    )
    assert passage.text == f"{passage.section} {body}"


def test_larger_font_lines_are_headings():
    body = [Line(SENTENCE, size=10.0)] * 6
    pages = [Page(1, (Line("Brede welvaart", size=14.0), *body))]
    (passage,) = build_passages("doc", pages)
    assert passage.section == "Brede welvaart"


def test_short_paragraphs_merge_and_long_ones_split_at_sentences():
    short = [page(1, "Kort.", "", "Ook kort.", "", " ".join([SENTENCE] * 4))]
    (merged,) = build_passages("doc", short)
    assert merged.text.startswith("Kort. Ook kort. De raad")

    long_text = " ".join(f"Zin nummer {i} gaat over brede welvaart in de regio." for i in range(80))
    passages = build_passages("doc", [page(1, long_text)])
    assert len(passages) > 1
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)
    assert all(p.text.endswith(".") for p in passages)
    assert " ".join(p.text for p in passages) == long_text


def test_paragraph_running_over_a_page_break_is_one_passage_cited_at_its_start():
    first = " ".join([SENTENCE] * 3) + " De provincie heeft daarom besloten om"
    pages = [page(1, first, ""), page(2, "extra geld te investeren in scholing.", "")]
    (passage,) = build_passages("doc", pages)
    assert passage.page == 1
    assert passage.text.endswith("besloten om extra geld te investeren in scholing.")


def test_passage_ids_are_stable_and_ordered():
    pages = [page(1, " ".join([SENTENCE] * 5), "", " ".join([SENTENCE] * 5))]
    first = build_passages("abc", pages)
    again = build_passages("abc", pages)
    assert (
        [p.passage_id for p in first] == ["abc:0001", "abc:0002"] == [p.passage_id for p in again]
    )


def test_unpaged_sources_cite_no_page():
    passages = build_passages("doc", [page(1, " ".join([SENTENCE] * 5))], paged=False)
    assert passages[0].page is None


def test_with_fonts_numbered_list_items_and_footnotes_are_not_headings():
    body = [Line(SENTENCE, size=10.0)] * 6
    lines = (
        Line("2 Aanpak", size=12.0, bold=True),
        *body,
        Line("3. Wij vragen de provincie om het overleg met gemeenten te hervatten", size=10.0),
        *body,
        Line("3 Staatscourant 2024, 18763 | Overheid.nl", size=7.0),
        Line("3 Resultaten", size=12.0, bold=True),
        *body,
    )
    sections = [p.section for p in build_passages("doc", [Page(1, lines)])]
    assert sections[0] == "2 Aanpak" and sections[-1] == "3 Resultaten"
    assert set(sections) == {"2 Aanpak", "3 Resultaten"}


def test_an_appendix_closes_the_numbered_chapters():
    body = " ".join([SENTENCE] * 5)
    pages = [
        page(1, "2 Resultaten", "", "2.1 Slachtofferschap", body),
        Page(2, (Line("Bijlage 4 Herkomst van de gegevens", size=16.0), Line(body, size=10.0))),
    ]
    passages = build_passages("doc", pages)
    assert [p.section for p in passages] == [
        "2 Resultaten › 2.1 Slachtofferschap",
        "Bijlage 4 Herkomst van de gegevens",
    ]
