"""The lesson format's limits: every text a lesson holds is bounded, each excess is a Dutch
problem naming the field, the limit and its line; and the body parser reads any line as is."""

import pytest

from library.content.body import MAX_TEXT_CHARS, heading_text
from tests.helpers.lessons import VALID, messages, parse

SECTION_LINE = VALID.splitlines().index("## Confrontatie") + 1


def test_a_section_holds_at_most_30000_characters():
    fits = VALID.replace("Een bak water.", "a" * 30_000)
    assert parse(fits)[1] == []
    (message,) = messages(VALID.replace("Een bak water.", "a" * 30_001))
    assert message == (
        f"les.md:{SECTION_LINE}: het onderdeel `Confrontatie` mag hoogstens 30.000 tekens "
        "hebben (nu 30.001)"
    )


def test_the_introduction_and_the_preparation_hold_at_most_30000_characters():
    (message,) = messages(VALID.replace("Intro tekst.", "b" * 30_001))
    assert message == "les.md:10: de inleiding mag hoogstens 30.000 tekens hebben (nu 30.001)"
    preparation = "preparation: |\n  " + "p" * 30_001 + "\n"
    (message,) = messages(VALID.replace("duration: 45\n", "duration: 45\n" + preparation))
    assert message == "les.md:9: `preparation` mag hoogstens 30.000 tekens hebben (nu 30.001)"


def test_a_lesson_file_holds_at_most_200000_characters():
    text = VALID + "".join(f"## Deel {n}\n\n{'c' * 25_000}\n\n" for n in range(8))
    assert len(text) == 200_360
    assert messages(text) == [
        "les.md:1: een lesbestand mag hoogstens 200.000 tekens hebben (nu 200.360)"
    ]


def test_a_lesson_has_at_most_60_sections():
    sections = "".join(f"## Deel {n}\n\ntekst\n" for n in range(58))
    assert parse(VALID + sections)[1] == []
    (message,) = messages(VALID + sections + "## Eén te veel\n\ntekst\n")
    line = len((VALID + sections).splitlines()) + 1
    assert message == f"les.md:{line}: een les heeft hoogstens 60 onderdelen (`## `)"


def test_a_heading_holds_at_most_120_characters():
    assert parse(VALID.replace("## Tips voor de leerkracht", "## " + "k" * 120))[1] == []
    (message,) = messages(VALID.replace("## Tips voor de leerkracht", "## " + "k" * 121))
    assert message.startswith("les.md:")
    assert message.endswith(f"de kop `{'k' * 60}…` mag hoogstens 120 tekens hebben (nu 121)")


@pytest.mark.parametrize(
    "line,text",
    [
        ("## Kop", "Kop"),
        ("##\tKop\t", "Kop"),
        ("## Kop ##", "Kop"),
        ("## Kop ###   ", "Kop"),
        ("## C#", "C#"),
        ("## Kop#", "Kop#"),
        ("##   ##", ""),
        ("## a" + " " * 20_000 + "b", "a" + " " * 20_000 + "b"),
        ("## a" + " " * 20_000, "a"),
        ("### Tussenkop", None),
        ("##Kop", None),
        ("##", None),
        (" ## Kop", None),
    ],
)
def test_heading_lines_are_read_as_markdown_reads_them(line, text):
    assert heading_text(line) == text


def test_a_heading_padded_with_spaces_is_one_heading():
    document, problems = parse(VALID.replace("## Confrontatie", "## Confrontatie" + " " * 20_000))
    assert problems == []
    assert document.sections[0].heading == "Confrontatie"
    assert document.sections[0].phase == "confrontatie"


def test_the_import_refuses_a_huge_file_without_reading_it(runner, tmp_path):
    path = tmp_path / "groot.md"
    path.write_text(VALID + "d" * 900_000)
    result = runner.invoke(args=["content", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1: een lesbestand mag hoogstens 200.000 tekens hebben\n" in result.output


def test_a_form_takes_the_longest_text_the_format_accepts_and_little_more(app):
    assert 4 * MAX_TEXT_CHARS <= app.config["MAX_FORM_MEMORY_SIZE"] < 8 * MAX_TEXT_CHARS


@pytest.mark.parametrize(
    "key,limit,item",
    [
        ("materials", 60, "touw {n}"),
        ("tags", 40, "brug{n}"),
        ("authors", 30, "Juf {n}"),
        ("attachments", 50, "bijlage-{n}.pdf"),
    ],
)
def test_lists_of_texts_have_a_largest_count(key, limit, item):
    """Each item costs work on every save (the canonical file is written each time)."""

    def with_items(count):
        listed = ", ".join(item.format(n=n) for n in range(count))
        return VALID.replace("duration: 45\n", f"duration: 45\n{key}: [{listed}]\n")

    assert parse(with_items(limit))[1] == []
    (message,) = messages(with_items(limit + 1))
    assert message == f"les.md:9: `{key}` mag hoogstens {limit} items hebben (nu {limit + 1})"
