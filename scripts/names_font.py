#!/usr/bin/python3
"""The first screen's own font for the language names the system may lack.

The welcome screen names the 17 languages in their own scripts. Drawn from
the system's fonts, the Arabic, Devanagari and CJK names cost a font search
each (fontconfig sorts every installed font) and most of the first paint's
time over a bare Wails window; a computer without those fonts shows boxes.
So the page carries those glyphs itself: subsets of Noto Sans (SIL Open
Font License 1.1, kept in each file's name table), a few kilobytes each,
preloaded by index.html and used by the family "Kaiwa Names" (app.css).

  scripts/names_font.py          writes frontend/public/fonts/*.woff2 from
                                 Debian's fonts-noto-core and fonts-noto-cjk
  scripts/names_font.py --check  checks every such glyph of the seeded names
                                 and of the 会話 mark is in the font that
                                 app.css gives its range to (make test)

Needs Debian's python3-fonttools and python3-brotli.
"""
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "backend/store/migrations/000002_seed.up.sql"
CSS = ROOT / "frontend/src/app.css"
FONTS = ROOT / "frontend/public/fonts"
MARK = "会話"  # the brand mark beside "Kaiwa"

# file -> (source font, collection index, ranges it covers)
SUBSETS = {
    "names-arabic.woff2": ("/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf", 0, [(0x0600, 0x06FF)]),
    "names-devanagari.woff2": ("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Bold.ttf", 0, [(0x0900, 0x097F)]),
    # Kana, Han and Hangul; the Japanese face (its Han and Hangul are the same design).
    "names-cjk.woff2": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 0, [(0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF)]),
}


def names() -> str:
    """The native names of the seeded languages, and the mark."""
    block = SEED.read_text(encoding="utf-8").split("INSERT INTO languages", 1)[1].split(";", 1)[0]
    found = re.findall(r"\('[a-z]+', '[^']+', '([^']+)'", block)
    if len(found) != 17:
        sys.exit(f"names_font: expected the 17 seeded languages in {SEED}, found {len(found)}")
    return "".join(found) + MARK


def inside(ch: str, ranges) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


def own_script(ch: str) -> bool:
    """A character a system may lack: not Latin (with Vietnamese), Greek, Cyrillic or punctuation."""
    c = ord(ch)
    return not (c < 0x0530 or 0x1E00 <= c <= 0x1EFF or 0x2000 <= c <= 0x206F)


def generate() -> None:
    text = names()
    FONTS.mkdir(parents=True, exist_ok=True)
    for file, (source, index, ranges) in SUBSETS.items():
        chars = "".join(sorted({ch for ch in text if inside(ch, ranges)}))
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]  # Arabic joining, Devanagari conjuncts
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, licence and its URL
        options.font_number = index
        font = subset.load_font(source, options)
        sub = subset.Subsetter(options)
        sub.populate(text=chars)
        sub.subset(font)
        subset.save_font(font, str(FONTS / file), options)
        print(f"{file}: {chars} ({(FONTS / file).stat().st_size} bytes)")


def faces() -> dict:
    """app.css's "Kaiwa Names" faces: file -> unicode ranges."""
    found = {}
    for block in re.findall(r"@font-face\s*{([^}]*)}", CSS.read_text(encoding="utf-8")):
        if "'Kaiwa Names'" not in block:
            continue
        file = re.search(r"url\('/fonts/([^']+)'\)", block).group(1)
        ranges = []
        for lo, hi in re.findall(r"U\+([0-9A-Fa-f]+)(?:-([0-9A-Fa-f]+))?", re.search(r"unicode-range:([^;]+);", block).group(1)):
            ranges.append((int(lo, 16), int(hi or lo, 16)))
        found[file] = ranges
    return found


def check() -> None:
    text, css, problems = names(), faces(), []
    if set(css) != set(SUBSETS):
        problems.append(f"app.css declares {sorted(css)}, the fonts are {sorted(SUBSETS)}")
    html = (ROOT / "frontend/index.html").read_text(encoding="utf-8")
    for file, ranges in css.items():
        path = FONTS / file
        if f'href="/fonts/{file}"' not in html:
            problems.append(f"index.html does not preload {file}")
        if not path.exists():
            problems.append(f"{path} is missing: run scripts/names_font.py")
            continue
        font = TTFont(path)
        if "Open Font License" not in (font["name"].getDebugName(13) or ""):
            problems.append(f"{file} lost its licence (name ID 13)")
        cmap = font.getBestCmap()
        for ch in sorted({ch for ch in text if inside(ch, ranges)}):
            if ord(ch) not in cmap:
                problems.append(f"{file} has no glyph for {ch} (U+{ord(ch):04X}): run scripts/names_font.py")
    for ch in sorted({ch for ch in text if own_script(ch)}):
        if not any(inside(ch, r) for r in css.values()):
            problems.append(f"no Kaiwa Names face covers {ch} (U+{ord(ch):04X}): add its script to SUBSETS and app.css")
    if problems:
        sys.exit("names_font: " + "\n  ".join(problems))
    print(f"names_font: the {len(set(filter(own_script, text)))} own-script characters of the names are in Kaiwa's fonts")


if __name__ == "__main__":
    check() if sys.argv[1:] == ["--check"] else generate()
