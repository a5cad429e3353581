"""The Chinese fonts a PDF embeds, found on the machine; none is required.

A project installed with pip alone ships no CJK font (a good one is 10 MB
or more), so the PDF writer looks where systems keep them for one reportlab
can embed, that is one with TrueType outlines: Windows' SimSun, SimHei,
FangSong, KaiTi, WenQuanYi Zen Hei, AR PL, Droid Sans Fallback. Noto CJK and
Source Han have CFF outlines, which reportlab cannot embed (docs/exports.md
says why no other library is used for them). Without a usable face, or when
the file is broken, PDFs fall back to reportlab's STSong-Light, a CID font
every PDF reader provides and no file does. A missing font is never an error.

`EXPORT_FONT_DIRS` in the settings replaces the places searched (an empty
list forces the fallback).
"""

import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTCollection, TTFont

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face of a font file (a .ttc collection holds several)."""

    path: Path
    index: int = 0


@dataclass(frozen=True, slots=True)
class ChineseFonts:
    body: FontFace | None  # a Song (serif) face, else any Chinese face
    heading: FontFace | None  # a Hei (sans) face, else the body's


# File names, best first. Song (or 仿宋) faces for the body, Hei faces for
# headings, as in a printed 公文; either list stands in for the other.
SONG_FILES = (
    "simfang.ttf",  # Windows 仿宋
    "simsun.ttc",
    "simsun.ttf",
    "uming.ttc",  # AR PL UMing (Debian fonts-arphic-uming)
    "ukai.ttc",
)
HEI_FILES = (
    "simhei.ttf",
    "msyh.ttc",  # Microsoft YaHei
    "wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei
    "wqy-microhei.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
)
FONT_SUFFIXES = {".ttf", ".ttc"}
PROBE = "中国共产党，。"  # a face that lacks these is not a Chinese face


def default_dirs() -> list[Path]:
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if os.environ.get("WINDIR"):
        dirs.append(Path(os.environ["WINDIR"]) / "Fonts")
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft/Windows/Fonts")
    return dirs


def chinese_fonts() -> ChineseFonts:
    """The faces to embed, from EXPORT_FONT_DIRS or the system's font folders."""
    dirs = getattr(settings, "EXPORT_FONT_DIRS", None)
    searched = tuple(str(path) for path in (default_dirs() if dirs is None else dirs))
    return find_fonts(searched)


@functools.lru_cache(maxsize=8)
def find_fonts(dirs: tuple[str, ...]) -> ChineseFonts:
    files = font_files(dirs)
    song = first_usable(SONG_FILES, files)
    hei = first_usable(HEI_FILES, files)
    if song is None and hei is None:
        logger.info("no Chinese font in %s: PDFs use STSong-Light", ", ".join(dirs))
    return ChineseFonts(body=song or hei, heading=hei or song)


def font_files(dirs: tuple[str, ...]) -> dict[str, Path]:
    """Font files under `dirs` by lower-case name; the first found wins."""
    found: dict[str, Path] = {}
    for directory in map(Path, dirs):
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.suffix.lower() in FONT_SUFFIXES:
                found.setdefault(path.name.lower(), path)
    return found


def first_usable(names: tuple[str, ...], files: dict[str, Path]) -> FontFace | None:
    for name in names:
        path = files.get(name.lower())
        face = chinese_face(path) if path else None
        if face is not None:
            return face
    return None


def chinese_face(path: Path) -> FontFace | None:
    """The file's Simplified Chinese face, if it reads, has Chinese glyphs and
    TrueType outlines (reportlab embeds no CFF)."""
    try:
        if path.suffix.lower() == ".ttc":
            faces = TTCollection(str(path), lazy=True).fonts
        else:
            faces = [TTFont(str(path), lazy=True)]
        ranked = sorted(range(len(faces)), key=lambda i: not is_simplified(faces[i]))
        for index in ranked:
            if "glyf" not in faces[index]:
                continue
            cmap = faces[index].getBestCmap() or {}
            if all(ord(character) in cmap for character in PROBE):
                return FontFace(path, index)
    # A font file is outside input: fontTools raises many kinds of error on a
    # truncated or foreign file, and any of them only means "not this font".
    except Exception:
        logger.warning("font %s cannot be read; looking further", path, exc_info=True)
    return None


def is_simplified(face: TTFont) -> bool:
    """Whether a face of a collection is the Simplified Chinese one."""
    family = face["name"].getDebugName(1) or ""
    return family.endswith((" SC", "SC")) or "GB" in family or "Sim" in family
