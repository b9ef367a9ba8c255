#!/usr/bin/python3
"""The language flags as pictures, so every system shows the same flags.

Flags written as emoji need the system's emoji font: Windows' draws them as
letter pairs ("JP"), and in the webview on Linux the first emoji on a screen
costs a search and load of a 10 MB colour font (about 10 ms of the first
screen's paint). So the page shows each seeded language's flag as a PNG of its
own, /flags/<code>.png: the bitmap Noto Color Emoji draws for that flag,
taken byte for byte from Debian's fonts-noto-color-emoji. Noto's flag
pictures come from the region-flags collection, which is in the public domain.
The emoji stay in the database for the places a picture cannot go (<option>).

  scripts/flags.py          writes frontend/public/flags/<code>.png
  scripts/flags.py --check  checks there is exactly one PNG per seeded
                            language (make test)

Needs Debian's python3-fonttools.
"""
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "backend/store/migrations/000002_seed.up.sql"
FLAGS = ROOT / "frontend/public/flags"
EMOJI_FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
PNG = b"\x89PNG\r\n\x1a\n"


def seeded() -> dict:
    """Language code -> flag emoji, from the seed."""
    block = SEED.read_text(encoding="utf-8").split("INSERT INTO languages", 1)[1].split(";", 1)[0]
    found = dict(re.findall(r"\('([a-z]+)', '[^']+', '[^']+', '([^']+)'", block))
    if len(found) != 17:
        sys.exit(f"flags: expected the 17 seeded languages in {SEED}, found {len(found)}")
    return found


def generate() -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(EMOJI_FONT)
    cmap = font.getBestCmap()
    # A flag is a ligature of two regional indicators.
    ligatures = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, ligs in getattr(table, "ligatures", {}).items():
                for lig in ligs:
                    ligatures[(first, *lig.Component)] = lig.LigGlyph
    strike = font["CBDT"].strikeData[0]
    FLAGS.mkdir(parents=True, exist_ok=True)
    for old in FLAGS.glob("*.png"):
        old.unlink()
    for code, emoji in seeded().items():
        glyph = ligatures[tuple(cmap[ord(c)] for c in emoji)]
        bitmap = strike[glyph]
        bitmap.decompile()
        (FLAGS / f"{code}.png").write_bytes(bitmap.imageData)


def size(png: bytes) -> tuple:
    return struct.unpack(">II", png[16:24])


def check() -> None:
    codes = set(seeded())
    files = {p.stem for p in FLAGS.glob("*.png")}
    problems = [f"no flag for {c}: run scripts/flags.py" for c in sorted(codes - files)]
    problems += [f"a flag for no seeded language: {c}.png" for c in sorted(files - codes)]
    sizes = {}
    for code in sorted(codes & files):
        png = (FLAGS / f"{code}.png").read_bytes()
        if png.startswith(PNG) and png[12:16] == b"IHDR":
            sizes[code] = size(png)
        else:
            problems.append(f"{code}.png is not a PNG")
    if len(set(sizes.values())) > 1:
        problems.append(f"the flags differ in size: {sizes}")
    if problems:
        sys.exit("flags: " + "; ".join(problems))
    print(f"flags: {len(codes)} seeded languages, one picture each")


if __name__ == "__main__":
    check() if sys.argv[1:] == ["--check"] else generate()
