#!/usr/bin/env python3
"""macOS as far as Linux can check it (make macos-test): build/darwin's Info.plist templates as a
release of a tag renders them, the signing entitlements, the licence texts in a bundle (the same as
the Linux packages'), that the checks catch the mistakes they are for, and the release workflow's
macOS job (it builds, adds the licence texts to, checks, signs and packages that bundle)."""
import os
import plistlib
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import macos_bundle  # noqa: E402

ROOT = macos_bundle.ROOT
TAG = "v1.4.2-rc.1"


def product_version(tag):
    """The release workflow's own rule (scripts/package.sh product-version)."""
    result = subprocess.run([ROOT / "scripts/package.sh", "product-version"], env=dict(os.environ, VERSION=tag),
                            capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def rendered(name, version):
    return plistlib.loads(macos_bundle.render((ROOT / "build/darwin" / name).read_text(encoding="utf-8"), version))


def licence_copy_problems(steps):
    """Problems with how the release's macOS steps, [(index, step)], put the licence texts into
    Kaiwa.app: each of macos_bundle.LICENCES copied from its source after the build and before
    the bundle is checked, signed (the signature seals Contents/Resources) and put in the DMG."""
    def first(pattern):
        for i, step in steps:
            # A command continued on the next line (\) is read as one line.
            if re.search(pattern, re.sub(r"\s*\\\n\s*", " ", step.get("run", ""))):
                return i
        return None

    build = first(r"go tool wails build .*-platform darwin/universal")
    later = {"the check": first(r"scripts/macos_bundle\.py --app"), "signing": first(r"codesign --force"),
             "the DMG": first(r"hdiutil create")}
    problems = []
    for name, source in macos_bundle.LICENCES.items():
        at = first(rf"(?m)^\s*cp {re.escape(source)} build/bin/Kaiwa\.app/Contents/Resources/{re.escape(name)}\s*$")
        if at is None:
            problems.append(f"no macOS step copies {source} to Kaiwa.app/Contents/Resources/{name}")
            continue
        if build is None or at < build:
            problems.append(f"{name} is copied before the build")
        problems += [f"{name} is copied after {what}" for what, then in later.items() if then is not None and then < at]
    return problems


class Bundle(unittest.TestCase):
    def test_version_from_the_tag(self):
        self.assertEqual(product_version(TAG), "1.4.2")
        self.assertEqual(product_version("v2.0.0"), "2.0.0")
        for not_a_release in ("1.4.2", "v1.4", "e5dae6f", "vnext"):
            self.assertIsNone(product_version(not_a_release), not_a_release)

    def test_release_info_plist(self):
        version = product_version(TAG)
        info = rendered("Info.plist", version)
        self.assertEqual(macos_bundle.check_info(info, version), [])
        self.assertEqual(info["CFBundleShortVersionString"], "1.4.2")

    def test_dev_info_plist(self):
        # `wails dev` on a Mac: the microphone needs the same sentence there.
        self.assertEqual(macos_bundle.check_info(rendered("Info.dev.plist", "1.4.2"), "1.4.2"), [])

    def test_entitlements(self):
        entitlements = plistlib.loads((ROOT / "build/darwin/entitlements.plist").read_bytes())
        self.assertEqual(macos_bundle.check_entitlements(entitlements), [])

    def test_release_check_of_a_bundle(self):
        # What the release workflow runs on the Kaiwa.app `wails build` made, on one laid out
        # the same way from the rendered template.
        with tempfile.TemporaryDirectory() as tmp:
            app = Path(tmp) / "Kaiwa.app"
            (app / "Contents/MacOS").mkdir(parents=True)
            (app / "Contents/MacOS/kaiwa").write_bytes(b"")
            (app / "Contents/Info.plist").write_bytes(
                macos_bundle.render((ROOT / "build/darwin/Info.plist").read_text(encoding="utf-8"), "1.4.2"))
            (app / "Contents/Resources").mkdir()
            for name, source in macos_bundle.LICENCES.items():
                (app / "Contents/Resources" / name).write_bytes((ROOT / source).read_bytes())

            def check(version):
                return subprocess.run([sys.executable, ROOT / "scripts/macos_bundle.py", "--app", app, "--version", version],
                                      capture_output=True, text=True)

            self.assertEqual(check("1.4.2").returncode, 0, check("1.4.2").stdout)
            wrong = check("1.4.3")
            self.assertEqual(wrong.returncode, 1)
            self.assertIn("CFBundleShortVersionString is '1.4.2', want '1.4.3'", wrong.stdout)
            gpl = app / "Contents/Resources/eSpeak-NG.COPYING.txt"
            gpl.write_bytes(gpl.read_bytes().replace(b"version 3", b"version 2"))
            self.assertIn("Contents/Resources/eSpeak-NG.COPYING.txt is not frontend/node_modules/", check("1.4.2").stdout)
            (app / "Contents/Resources/LICENSE.txt").unlink()
            self.assertIn("Contents/Resources/LICENSE.txt is missing", check("1.4.2").stdout)
            (app / "Contents/MacOS/kaiwa").unlink()
            self.assertIn("kaiwa is missing", check("1.4.2").stdout)

    def test_checks_catch_mistakes(self):
        good = rendered("Info.plist", "1.4.2")
        mistakes = {
            "NSMicrophoneUsageDescription": {"NSMicrophoneUsageDescription": None},
            "one sentence": {"NSMicrophoneUsageDescription": "needs mic"},
            "CFBundleIdentifier": {"CFBundleIdentifier": "com.example.kaiwa"},
            "CFBundleShortVersionString": {"CFBundleShortVersionString": "0.1.0"},
            "CFBundleVersion": {"CFBundleVersion": "{{.Info.ProductVersion}}"},
            "older than Wails supports": {"LSMinimumSystemVersion": "10.9"},
            "not a macOS version": {"LSMinimumSystemVersion": "Catalina"},
            "CFBundleExecutable": {"CFBundleExecutable": "Kaiwa"},
            "CFBundleIconFile": {"CFBundleIconFile": "appicon"},
            "NSHumanReadableCopyright": {"NSHumanReadableCopyright": "Copyright © Kaiwa. MIT and GPL-3.0-or-later (eSpeak NG)."},
        }
        for expected, change in mistakes.items():
            info = {k: v for k, v in dict(good, **change).items() if v is not None}
            problems = macos_bundle.check_info(info, "1.4.2")
            self.assertTrue(any(expected in p for p in problems), f"{change}: {problems}")
        for expected, entitlements in {
            "audio-input": {"com.apple.security.device.audio-input": False},
            "get-task-allow": {"com.apple.security.device.audio-input": True, "com.apple.security.get-task-allow": True},
            "network.client": {"com.apple.security.device.audio-input": True, "com.apple.security.app-sandbox": True},
        }.items():
            problems = macos_bundle.check_entitlements(entitlements)
            self.assertTrue(any(expected in p for p in problems), f"{entitlements}: {problems}")
        with self.assertRaises(ValueError):
            macos_bundle.render("<string>{{.Info.Nothing}}</string>", "1.4.2")
        with self.assertRaises(ValueError):
            macos_bundle.render("<string>{{if .Debug}}x{{end}}</string>", "1.4.2")


def debian_licence(copyright_file, name):
    """The text of the stand-alone "License: name" paragraph of a Debian copyright file."""
    match = re.search(rf"(?m)^License: {re.escape(name)}\n((?: .*\n?)+)", copyright_file)
    return re.sub(r"(?m)^ \.?", "", match.group(1)) if match else None


class LicenceTexts(unittest.TestCase):
    """Kaiwa.app (and the Windows installer) carry the same texts as the Linux packages, whose
    build/linux/copyright repeats them in Debian's format."""

    def test_linux_copyright_has_the_same_texts(self):
        copyright_file = (ROOT / "build/linux/copyright").read_text(encoding="utf-8")
        for name, source in (("MIT", "LICENSE"), ("OFL-1.1", "build/Noto-Sans.OFL.txt")):
            text = debian_licence(copyright_file, name)
            self.assertTrue(text and len(text) > 500, f"build/linux/copyright has no {name} text")
            self.assertIn(text.strip(), (ROOT / source).read_text(encoding="utf-8"),
                          f"build/linux/copyright's {name} text is not {source}'s")
        changed = copyright_file.replace("free of charge", "for a fee")
        self.assertNotIn(debian_licence(changed, "MIT").strip(), (ROOT / "LICENSE").read_text(encoding="utf-8"))


class ReleaseWorkflowMacOSJob(unittest.TestCase):
    """The release workflow's macOS job builds, checks, signs and packages this bundle
    (actionlint checks the workflow's syntax and shell in make package-test)."""

    @classmethod
    def setUpClass(cls):
        workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))
        job = workflow["jobs"]["build"]
        cls.runners = {entry["platform"]: entry["os"] for entry in job["strategy"]["matrix"]["include"]}
        cls.steps = job["steps"]
        cls.macos = [(i, s) for i, s in enumerate(cls.steps)
                     if "matrix.platform == 'macos'" in str(s.get("if", "")) or not s.get("if")]

    def step(self, pattern):
        found = [(i, s) for i, s in self.macos if re.search(pattern, s.get("run", ""))]
        self.assertTrue(found, f"no macOS step runs {pattern!r}")
        return found[0]

    def test_runs_on_macos(self):
        self.assertTrue(self.runners.get("macos", "").startswith("macos-"), self.runners)

    def test_version_from_the_tag(self):
        at, _ = self.step(r"scripts/package\.sh product-version")
        build_at, build = self.step(r"go tool wails build .*-platform darwin/universal")
        self.assertLess(at, build_at, "the version must be set before the build")
        self.assertIn('-X main.version=$VERSION $BUILT_IN', build["run"], "the Mac build must carry the version as Linux's")

    def test_bundle_checked_before_signing_and_packaging(self):
        build_at, _ = self.step(r"go tool wails build .*-platform darwin/universal")
        check_at, check = self.step(r"scripts/macos_bundle\.py --app build/bin/Kaiwa\.app --version \"\$PRODUCT_VERSION\"")
        dmg_at, _ = self.step(r"hdiutil create")
        self.assertLess(build_at, check_at)
        self.assertLess(check_at, dmg_at)

    def test_licences_copied_before_checking_signing_and_packaging(self):
        self.assertEqual(licence_copy_problems(self.macos), [])

    def test_licence_copy_lint_catches_mistakes(self):
        steps = [step for _, step in self.macos]
        copy = next(step for step in steps if "Contents/Resources" in step.get("run", ""))
        sign = next(step for step in steps if "codesign --force" in step.get("run", ""))
        others = [step for step in steps if step is not copy]

        def after(anchor):
            at = others.index(anchor) + 1
            return others[:at] + [copy] + others[at:]

        wrong_source = dict(copy, run=copy["run"].replace("cp LICENSE ", "cp build/linux/copyright "))
        for expected, mistake in {
            "no macOS step copies LICENSE to": others,
            "no macOS step copies frontend/node_modules/@echogarden/espeak-ng-emscripten/COPYING": [
                dict(step, run=step["run"].split("\n")[0]) if step is copy else step for step in steps],
            "no macOS step copies LICENSE to Kaiwa.app/Contents/Resources/LICENSE.txt": [
                wrong_source if step is copy else step for step in steps],
            "LICENSE.txt is copied before the build": [copy] + others,
            "eSpeak-NG.COPYING.txt is copied after signing": after(sign),
            "LICENSE.txt is copied after the DMG": others + [copy],
        }.items():
            problems = licence_copy_problems(list(enumerate(mistake)))
            self.assertTrue(any(expected in p for p in problems), f"{expected}: {problems}")

    def test_signing_uses_the_entitlements_and_checks_them(self):
        _, sign = self.step(r"codesign --force")
        self.assertIn("--options runtime", sign["run"], "notarisation needs the hardened runtime")
        self.assertIn("--entitlements build/darwin/entitlements.plist", sign["run"])
        self.assertRegex(sign["run"], r"codesign -d --entitlements")
        self.assertRegex(sign["run"], r"(?s)scripts/macos_bundle\.py .*--entitlements")

    def test_files_named_exist(self):
        for _, step in self.macos:
            for path in re.findall(r"\b((?:build/darwin|scripts)/[\w./-]+)", step.get("run", "")):
                self.assertTrue((ROOT / path).exists(), f"{step.get('name')}: {path} does not exist")


if __name__ == "__main__":
    unittest.main(verbosity=2)
