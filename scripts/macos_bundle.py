#!/usr/bin/env python3
"""Checks Kaiwa's macOS bundle: its description, licence texts and signing entitlements (plistlib).

    scripts/macos_bundle.py --app build/bin/Kaiwa.app --version 1.2.3
        checks the bundle `wails build` made (the release workflow runs this on macOS);
    scripts/macos_bundle_test.py
        renders build/darwin's templates as a release of a tag would and checks them, proves the
        checks catch the mistakes they are for, and lints the release workflow's macOS job.

What a bundle must have: Kaiwa's bundle id (the same as the Linux AppStream id), the version from
the tag in both version keys, the executable Wails builds (wails.json's outputfilename), a
minimum macOS Wails supports, the sentence macOS shows when Kaiwa first asks for the microphone,
a copyright line naming both of Kaiwa's licences, and their texts in Contents/Resources (the
release copies them in before signing). The entitlements (hardened runtime, needed to notarise)
must allow audio input and must not allow debugging, which notarisation refuses.
"""
import argparse
import json
import plistlib
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Wails v2 links macOS programs with -mmacosx-version-min=10.13.
WAILS_MINIMUM_MACOS = (10, 13)
TEMPLATE_FIELD = re.compile(r"{{\s*\.Info\.(\w+)\s*}}")
# The licence texts in Kaiwa.app/Contents/Resources and their sources in the repository: Kaiwa's
# MIT licence, the GPL of eSpeak NG and the OFL of the Noto Sans subsets, which the page carries
# (the Windows installer installs the same, the Linux packages have them too).
LICENCES = {
    "LICENSE.txt": "LICENSE",
    "eSpeak-NG.COPYING.txt": "frontend/node_modules/@echogarden/espeak-ng-emscripten/COPYING",
    "Noto-Sans.OFL.txt": "build/Noto-Sans.OFL.txt",
}
# What Finder's Get Info says of them (NSHumanReadableCopyright; Windows's version resources alike).
LICENCE_NOTICE = "MIT, GPL-3.0-or-later (eSpeak NG) and OFL-1.1 (Noto Sans)"


def bundle_id():
    """Kaiwa's id: the Linux AppStream component's id, so both platforms name the app alike."""
    tree = ElementTree.parse(ROOT / "build/linux/app.kaiwa.desktop.metainfo.xml")
    return tree.getroot().findtext("id")


def wails_config():
    return json.loads((ROOT / "wails.json").read_text(encoding="utf-8"))


def render(template, product_version):
    """Fills in a build/darwin template as `wails build` does, from wails.json's info with
    productVersion set as the release workflow sets it. Any other template action fails."""
    info = dict(wails_config()["info"], productVersion=product_version)
    fields = {key[0].upper() + key[1:]: value for key, value in info.items()}

    def field(match):
        if match.group(1) not in fields:
            raise ValueError(f"template field .Info.{match.group(1)} is not in wails.json's info")
        return str(fields[match.group(1)])

    rendered = TEMPLATE_FIELD.sub(field, template)
    if "{{" in rendered:
        raise ValueError("template action not understood: " + rendered[rendered.index("{{"):][:60])
    return rendered.encode("utf-8")


def version_tuple(text):
    if not isinstance(text, str) or not re.fullmatch(r"\d+(\.\d+){1,2}", text):
        return None
    return tuple(int(part) for part in text.split("."))


def check_info(info, version):
    """Problems with a bundle's Info.plist (a dict), as sentences; empty when it is right."""
    problems = []

    def want(key, expected):
        if info.get(key) != expected:
            problems.append(f"{key} is {info.get(key)!r}, want {expected!r}")

    want("CFBundlePackageType", "APPL")
    want("CFBundleIdentifier", bundle_id())
    want("CFBundleName", wails_config()["name"])
    want("CFBundleExecutable", wails_config()["outputfilename"])
    want("CFBundleShortVersionString", version)
    want("CFBundleVersion", version)
    icon = info.get("CFBundleIconFile")
    if not icon or not (ROOT / "build/darwin" / (icon + ".icns")).is_file():
        problems.append(f"CFBundleIconFile {icon!r} is not build/darwin/{icon}.icns")
    minimum = version_tuple(info.get("LSMinimumSystemVersion"))
    if minimum is None:
        problems.append(f"LSMinimumSystemVersion {info.get('LSMinimumSystemVersion')!r} is not a macOS version")
    elif minimum < WAILS_MINIMUM_MACOS:
        problems.append(f"LSMinimumSystemVersion {info['LSMinimumSystemVersion']} is older than Wails supports (10.13)")
    sentence = info.get("NSMicrophoneUsageDescription")
    if not isinstance(sentence, str) or not sentence.strip():
        problems.append("NSMicrophoneUsageDescription is missing: macOS would refuse Kaiwa the microphone")
    elif not (sentence[0].isupper() and sentence.endswith(".") and "Kaiwa" in sentence and len(sentence) <= 200):
        problems.append(f"NSMicrophoneUsageDescription {sentence!r} is not one sentence (capital, full stop, "
                        "at most 200 characters) saying why Kaiwa listens")
    if LICENCE_NOTICE not in str(info.get("NSHumanReadableCopyright", "")):
        problems.append(f"NSHumanReadableCopyright {info.get('NSHumanReadableCopyright')!r} does not name {LICENCE_NOTICE}")
    leftovers = [key for key, value in info.items() if isinstance(value, str) and "{{" in value]
    if leftovers:
        problems.append("template fields left unfilled: " + ", ".join(leftovers))
    return problems


def check_entitlements(entitlements):
    problems = []
    if entitlements.get("com.apple.security.device.audio-input") is not True:
        problems.append("com.apple.security.device.audio-input is not true: the hardened runtime would block the microphone")
    if entitlements.get("com.apple.security.get-task-allow"):
        problems.append("com.apple.security.get-task-allow is set: notarisation refuses debuggable apps")
    if entitlements.get("com.apple.security.app-sandbox") and not entitlements.get("com.apple.security.network.client"):
        problems.append("sandboxed without com.apple.security.network.client: Kaiwa could not reach any AI")
    not_booleans = [key for key, value in entitlements.items() if not isinstance(value, bool)]
    if not_booleans:
        problems.append("entitlements that are not booleans: " + ", ".join(not_booleans))
    return problems


def check_licences(app):
    """Problems with the licence texts in the bundle at app, as sentences; empty when each is there
    and equal to its source."""
    problems = []
    for name, source in LICENCES.items():
        copy = app / "Contents/Resources" / name
        if not (ROOT / source).is_file():
            problems.append(f"its source {source} is missing")
        elif not copy.is_file():
            problems.append(f"Contents/Resources/{name} is missing (the release copies {source} there)")
        elif copy.read_bytes() != (ROOT / source).read_bytes():
            problems.append(f"Contents/Resources/{name} is not {source}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, type=Path, help="the .app bundle (build/bin/Kaiwa.app)")
    parser.add_argument("--version", required=True, help="the version it must carry (MAJOR.MINOR.PATCH)")
    parser.add_argument("--entitlements", type=Path, default=ROOT / "build/darwin/entitlements.plist",
                        help="entitlements plist (e.g. from `codesign -d --entitlements :-`)")
    args = parser.parse_args()
    info = plistlib.loads((args.app / "Contents/Info.plist").read_bytes())
    problems = check_info(info, args.version) + check_entitlements(plistlib.loads(args.entitlements.read_bytes()))
    executable = args.app / "Contents/MacOS" / str(info.get("CFBundleExecutable"))
    if not executable.is_file():
        problems.append(f"{executable} is missing")
    problems += check_licences(args.app)
    for problem in problems:
        print(f"macos-bundle: {args.app}: {problem}")
    if problems:
        return 1
    print(f"macos-bundle: {args.app} {info['CFBundleIdentifier']} {args.version}: Info.plist, entitlements and licences checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
