"""Front matter is plain data: no anchors, aliases or tags, shallow nesting, small `x-` values,
and every refusal is a problem with its line, never an exception."""

import zipfile

import pytest

from library.content.format import serialise
from library.lessons.models import Lesson
from tests.helpers.lessons import VALID, count, messages, parse


def with_front(extra: str) -> str:
    return VALID.replace("duration: 45\n", "duration: 45\n" + extra)


def alias_bomb(levels: int, width: int = 10) -> str:
    """Each level lists the previous one `width` times: `levels` lines, width**levels items."""
    lines = ["x-l0: &l0 [lol]"]
    for level in range(1, levels + 1):
        items = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"x-l{level}: &l{level} [{items}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_the_first_anchor():
    (message,) = messages(with_front(alias_bomb(5)))
    assert message.startswith("les.md:9: de front matter gebruikt YAML die een lesbestand niet")
    assert "ankers (`&naam`) en verwijzingen (`*naam`) zijn niet toegestaan" in message


def test_a_plain_alias_and_a_recursive_alias_are_refused():
    assert "verwijzingen (`*naam`)" in messages(with_front("x-a: [een]\nx-b: *a\n"))[0]
    assert "les.md:9:" in messages(with_front("x-a: &a [*a]\n"))[0]
    assert "les.md:3:" in messages(VALID.replace("summary: ", "summary: &s "))[0]


@pytest.mark.parametrize(
    "line",
    [
        "x-a: !!python/object/apply:os.system [echo]",
        "x-a: !!python/name:os.system",
        "x-a: !!binary aGFsbG8=",
        "x-a: !!set {a, b}",
        "x-a: !eigen waarde",
    ],
)
def test_tags_are_refused_with_their_line(line):
    (message,) = messages(with_front(line + "\n"))
    assert message.startswith("les.md:9: de front matter gebruikt YAML")
    assert "YAML-tags" in message


def test_a_tag_on_a_known_key_is_refused_too():
    text = VALID.replace("title: Drijven en zinken", "title: !!python/object:os.system Drijven")
    assert "les.md:2:" in messages(text)[0] and "YAML-tags" in messages(text)[0]


def test_deep_nesting_is_refused():
    (message,) = messages(with_front("x-diep: " + "[" * 12 + "1" + "]" * 12 + "\n"))
    assert "dieper genest dan 8 niveaus" in message
    (message,) = messages(with_front("x-diep: " + "[" * 5000 + "\n"))
    assert message.startswith("les.md:9:")


def test_extension_values_stay_json_and_dates_stay_text():
    document, problems = parse(
        with_front("x-data:\n  wanneer: 2024-05-01\n  aantal: 3\n  lijst: [true, 1.5, null]\n")
    )
    assert problems == []
    assert document.metadata["x-data"] == {
        "wanneer": "2024-05-01",
        "aantal": 3,
        "lijst": [True, 1.5, None],
    }
    again, problems = parse(serialise(document))
    assert problems == [] and again.metadata == document.metadata


def test_an_impossible_date_is_text_and_not_an_exception():
    document, problems = parse(with_front("x-a: 2024-13-45\n"))
    assert problems == [] and document.metadata["x-a"] == "2024-13-45"


def test_extension_values_need_text_keys_and_real_numbers():
    assert (
        "sleutels binnen een `x-`-waarde moeten tekst zijn"
        in (messages(with_front("x-a:\n  1: een\n"))[0])
    )
    assert "les.md:10:" in messages(with_front("x-a:\n  b: .nan\n"))[0]


def test_extension_values_together_are_at_most_16_kb():
    document, problems = parse(with_front(f"x-a: {'a' * 8000}\nx-b: {'b' * 8000}\n"))
    assert problems == []
    (message,) = messages(with_front(f"x-a: {'a' * 8000}\nx-b: {'b' * 8400}\n"))
    assert message == "les.md:10: de `x-`-sleutels samen mogen hoogstens 16 KB zijn (als JSON)"


def test_one_list_under_two_keys_is_written_without_aliases():
    document, _ = parse(VALID)
    shared = ["Juf Ans"]
    document.metadata["authors"] = shared
    document.metadata["x-makers"] = shared
    text = serialise(document)
    assert "&id" not in text and "*id" not in text
    assert parse(text)[1] == []


def test_an_alias_bomb_in_a_zip_is_reported_by_the_import_and_writes_nothing(runner, tmp_path):
    archive = tmp_path / "bom.zip"
    text = with_front(alias_bomb(9)).replace("drijven", "bom")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("lesson.md", text)
    result = runner.invoke(args=["content", "import", str(archive)])
    assert result.exit_code == 1
    assert f"{archive}!lesson.md:9: de front matter gebruikt YAML" in result.output
    assert "er is niets geschreven" in result.output
    assert count(Lesson) == 0
