"""ZIP archives as lesson sources: a downloaded lesson ZIP, or a folder holding several.

Each archive is unpacked into a temporary folder for the length of an import; paths
inside it are shown to people as `archive.zip!lesson.md`. Members with absolute or
`..` paths, and archives that unpack to more than the limit, are refused.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from library.content.format import Problem

MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_MEMBERS = 10_000


@dataclass
class Sources:
    """The folders (or single file) to read lesson files from, and how to name their paths."""

    roots: list[Path]
    problems: list[Problem] = field(default_factory=list)
    _names: dict[Path, str] = field(default_factory=dict)

    def display(self, path: str | Path) -> str:
        """A path as a person should read it: inside an archive, `archive.zip!member`."""
        path = Path(path)
        for folder, archive in self._names.items():
            if path.is_relative_to(folder):
                return f"{archive}!{path.relative_to(folder).as_posix()}"
        return str(path)


@contextmanager
def unpacked(root: Path) -> Iterator[Sources]:
    """Yield the sources below root with every ZIP unpacked; clean up afterwards."""
    with tempfile.TemporaryDirectory(prefix="techniekbieb-import-") as tmp:
        if root.is_file() and root.suffix.lower() == ".zip":
            archives, sources = [root], Sources(roots=[])
        elif root.is_dir():
            archives, sources = sorted(root.rglob("*.zip")), Sources(roots=[root])
        else:
            archives, sources = [], Sources(roots=[root])
        for number, archive in enumerate(archives):
            target = Path(tmp) / f"{number}-{archive.stem}"
            problem = _extract(archive, target)
            if problem:
                sources.problems.append(problem)
                continue
            sources.roots.append(target)
            sources._names[target] = str(archive)
        yield sources


def _extract(archive: Path, target: Path) -> Problem | None:
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = bundle.infolist()
            if len(members) > MAX_MEMBERS:
                return Problem(
                    str(archive), 0, f"het archief bevat meer dan {MAX_MEMBERS} bestanden"
                )
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                return Problem(str(archive), 0, "het archief is uitgepakt groter dan 500 MB")
            for member in members:
                name = PurePosixPath(member.filename)
                if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
                    return Problem(
                        str(archive), 0, f"onveilige bestandsnaam in het archief: {member.filename}"
                    )
            bundle.extractall(target)
    except (zipfile.BadZipFile, OSError) as error:
        return Problem(str(archive), 0, f"geen geldig ZIP-bestand ({error})")
    return None
