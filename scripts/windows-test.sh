#!/usr/bin/env bash
# Windows test, on Linux (make windows-test, after make windows-exe):
#  1. go vet for Windows;
#  2. build/bin/kaiwa.exe is a 64-bit Windows GUI program built without cgo, with the production
#     tag, VERSION and the built-in settings in its -ldflags (as the Linux build), and the icon,
#     manifest and version resource of build/windows;
#  3. the NSIS installer compiles (scripts/windows.sh installer, as the release builds it) with a
#     stand-in for the WebView2 bootstrapper that records how it was started, and is signed as
#     the release signs it (scripts/windows.sh sign) with a throwaway certificate;
#  4. run silently under Wine in a throwaway prefix (Windows 10, no WebView2), the installer puts
#     Kaiwa.exe, its uninstaller and the licence texts (Kaiwa's MIT, eSpeak NG's GPL, the OFL) in
#     Program Files, the Start-menu and desktop shortcuts, the uninstall entry with the product
#     version, and starts the bootstrapper;
#  5. the uninstaller, run silently as Windows runs it, removes all of that again.
# Kaiwa itself cannot start under Wine (no WebView2 runtime there).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

EXE=build/bin/kaiwa.exe
VERSION=${VERSION:-$(git describe --tags --match 'v*' --dirty 2>/dev/null || echo dev)}
for tool in makensis wine wineserver Xvfb; do
  command -v "$tool" >/dev/null || { echo "windows-test: $tool not found: run 'make setup' (nsis, wine, wine64, xvfb)" >&2; exit 1; }
done
[[ -f $EXE ]] || { echo "windows-test: $EXE not found: run 'make windows-exe'" >&2; exit 1; }

# The licence texts the installer puts beside Kaiwa.exe, and their sources (as the Linux packages').
declare -A LICENCES=([LICENSE.txt]=LICENSE [Noto-Sans.OFL.txt]=build/Noto-Sans.OFL.txt
  [eSpeak-NG.COPYING.txt]=frontend/node_modules/@echogarden/espeak-ng-emscripten/COPYING)
# What the version resources say of the licences (kaiwa.exe's and the installer's).
LICENCE_NOTICE='MIT, GPL-3.0-or-later (eSpeak NG) and OFL-1.1 (Noto Sans)'

PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
fail=0
problem() { echo "windows-test: $*"; fail=1; }

# pe_kind FILE: "amd64 pe32+ gui" for a 64-bit Windows GUI program, read from its PE header.
pe_kind() {
  "$PY" - "$1" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read(4096)
pe = struct.unpack_from("<I", data, 0x3C)[0] if data[:2] == b"MZ" else 0
if not pe or data[pe:pe + 4] != b"PE\0\0":
    sys.exit(print("not a Windows program"))
machine, = struct.unpack_from("<H", data, pe + 4)
magic, = struct.unpack_from("<H", data, pe + 24)
subsystem, = struct.unpack_from("<H", data, pe + 24 + 68)
print({0x8664: "amd64"}.get(machine, hex(machine)), {0x20B: "pe32+"}.get(magic, hex(magic)),
      {2: "gui", 3: "console"}.get(subsystem, subsystem))
EOF
}
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# Wine: a throwaway Windows 10 prefix, no Mono or Gecko prompts, no menu entries in $HOME. It is
# made in the background (about 10 s) while vet and makensis run.
temp_dir WORK
start_xvfb
export WINEPREFIX="$WORK/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe=d"
trap 'wineserver -k 2>/dev/null; cleanup' EXIT
windows10_prefix() {
  rm -rf "$WINEPREFIX"
  wine winecfg -v win10 >>"$WORK/wine.log" 2>&1 && wineserver -w
}
make_prefix() { # writes how long it took, or "failed", to $WORK/prefix
  local start
  start=$(date +%s%N)
  # Wine's first start has failed once in many runs on a loaded machine ("could not load
  # kernel32.dll"): that is Wine, not Kaiwa, so it gets one more try in a new prefix.
  if ! windows10_prefix; then
    echo "windows-test: Wine's first start failed ($(tail -n 1 "$WORK/wine.log")); once more"
    wineserver -k 2>/dev/null || true
    windows10_prefix || { echo failed >"$WORK/prefix"; return 0; }
  fi
  ms_since "$start" >"$WORK/prefix"
}
make_prefix &
PREFIX_MAKER=$!
PIDS+=("$PREFIX_MAKER")

# 1. vet
start=$(date +%s%N)
scripts/windows.sh vet || problem "go vet for Windows found problems"
vet_ms=$(ms_since "$start")

# 2. The program.
kind=$(pe_kind "$EXE")
[[ $kind == "amd64 pe32+ gui" ]] || problem "$EXE is not a 64-bit Windows GUI program: $kind"
info=$(go version -m "$EXE")
for want in $'\tbuild\tGOOS=windows' $'\tbuild\tGOARCH=amd64' $'\tbuild\tCGO_ENABLED=0' $'\tbuild\t-tags=desktop,wv2runtime.download,production'; do
  grep -qF -- "$want" <<<"$info" || problem "$EXE was not built with '${want//$'\t'/ }' (go version -m)"
done
# -trimpath keeps -ldflags out of the build information: look for the values themselves.
for value in "$VERSION" $(scripts/ldflags.sh | grep -o -- '=[^ ]*' | cut -c2-); do
  grep -qaF -- "$value" "$EXE" || problem "$EXE does not carry '$value' (-ldflags)"
done
product_version=$(sed -n 's/^ *"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
# The resources Wails compiled in: the version resource (UTF-16 strings), the manifest (XML).
"$PY" - "$EXE" "$product_version" "$LICENCE_NOTICE" <<'EOF' || problem "$EXE lacks its resources (above)"
import sys
data, version, licences = open(sys.argv[1], "rb").read(), sys.argv[2], sys.argv[3]
def resource_string(key):
    at = data.find((key + "\0").encode("utf-16-le"))
    if at < 0:
        return None
    at += len(key + "\0") * 2
    while data[at:at + 2] == b"\0\0":
        at += 2
    end = at
    while data[end:end + 2] != b"\0\0":
        end += 2
    return data[at:end].decode("utf-16-le")
problems = []
for key, want in (("ProductVersion", version), ("ProductName", "Kaiwa"), ("OriginalFilename", "kaiwa.exe")):
    got = resource_string(key)
    if got != want:
        problems.append(f"version resource {key} is {got!r}, want {want!r}")
if licences not in (resource_string("LegalCopyright") or ""):
    problems.append(f"version resource LegalCopyright is {resource_string('LegalCopyright')!r}, want it to name {licences}")
for text in (f'name="app.kaiwa.desktop" version="{version}.0"', "permonitorv2"):
    if text.encode() not in data:
        problems.append(f"the manifest lacks {text}")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF

# 3. The installer, with a stand-in bootstrapper: a tiny NSIS program writing its command line
# to C:\webview2-bootstrapper.txt.
cat >"$WORK/standin.nsi" <<'EOF'
Unicode true
Target amd64-unicode
OutFile standin.exe
SilentInstall silent
RequestExecutionLevel user
Section
  FileOpen $0 "$WINDIR\..\webview2-bootstrapper.txt" w
  FileWrite $0 "$CMDLINE"
  FileClose $0
SectionEnd
EOF
(cd "$WORK" && makensis -V1 standin.nsi) || { echo "windows-test: the stand-in bootstrapper did not compile"; exit 1; }
start=$(date +%s%N)
INSTALLER="$WORK/Kaiwa-amd64-installer.exe" WEBVIEW2_BOOTSTRAPPER="$WORK/standin.exe" scripts/windows.sh installer >/dev/null
makensis_ms=$(ms_since "$start")
installer="$WORK/Kaiwa-amd64-installer.exe"
kind=$(pe_kind "$installer")
[[ $kind == "amd64 pe32+ gui" ]] || problem "the installer is not a 64-bit Windows GUI program: $kind"
"$PY" -c 'import sys; sys.exit(sys.argv[2].encode("utf-16-le") not in open(sys.argv[1], "rb").read())' \
  "$installer" "$LICENCE_NOTICE" || problem "the installer's version resource does not name $LICENCE_NOTICE"

# Signed as the release signs it (scripts/windows.sh sign), with a throwaway self-signed
# certificate: the signature verifies, and the signed installer is the one installed below.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 \
  -subj "/CN=Kaiwa test signing" 2>/dev/null
openssl pkcs12 -export -inkey "$WORK/key.pem" -in "$WORK/cert.pem" -out "$WORK/kaiwa.pfx" -passout pass:test-only
start=$(date +%s%N)
WINDOWS_CERTIFICATE=$(base64 -w0 "$WORK/kaiwa.pfx") WINDOWS_CERTIFICATE_PASSWORD=test-only \
  scripts/windows.sh sign "$installer" >/dev/null || problem "signing the installer failed"
sign_ms=$(ms_since "$start")
verified=$(osslsigncode verify -CAfile "$WORK/cert.pem" -in "$installer" 2>&1) &&
  grep -q 'Signature verification: ok' <<<"$verified" && grep -q 'CN=Kaiwa test signing' <<<"$verified" ||
  problem "the signed installer does not verify: $(tail -n 3 <<<"$verified")"

# 4. Install under Wine.
wait "$PREFIX_MAKER"
prefix_ms=$(cat "$WORK/prefix")
[[ $prefix_ms != failed ]] || { cat "$WORK/wine.log"; echo "windows-test: Wine could not make a Windows 10 prefix"; exit 1; }
C="$WINEPREFIX/drive_c"
program_dir="$C/Program Files/Kaiwa"
shortcuts=("$C/ProgramData/Microsoft/Windows/Start Menu/Programs/Kaiwa.lnk" "$C/users/Public/Desktop/Kaiwa.lnk")
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\app.kaiwa.desktop'

start=$(date +%s%N)
rc=0
wine "$installer" /S >>"$WORK/wine.log" 2>&1 || rc=$?
wineserver -w
install_ms=$(ms_since "$start")
((rc == 0)) || problem "the installer exited with $rc (64: Windows older than 10, 65: not amd64)"
cmp -s "$EXE" "$program_dir/Kaiwa.exe" || problem "Program Files\\Kaiwa\\Kaiwa.exe is not build/bin/kaiwa.exe"
[[ -f $program_dir/uninstall.exe ]] || problem "no Program Files\\Kaiwa\\uninstall.exe"
for name in "${!LICENCES[@]}"; do
  if [[ ! -f $program_dir/$name ]]; then
    problem "no Program Files\\Kaiwa\\$name (${LICENCES[$name]})"
  elif ! cmp -s "${LICENCES[$name]}" "$program_dir/$name"; then
    problem "Program Files\\Kaiwa\\$name is not ${LICENCES[$name]}"
  else
    echo "windows-test: installed Program Files\\Kaiwa\\$name, identical to ${LICENCES[$name]} ($(stat -c %s "$program_dir/$name") bytes)"
  fi
done
for lnk in "${shortcuts[@]}"; do
  if [[ ! -f $lnk ]]; then
    problem "no shortcut ${lnk#"$C/"}"
  elif ! grep -qa 'C:\\Program Files\\Kaiwa\\Kaiwa.exe' "$lnk"; then
    problem "the shortcut ${lnk#"$C/"} does not open C:\\Program Files\\Kaiwa\\Kaiwa.exe"
  fi
done
entry=$(wine reg query "$uninstall_key" 2>>"$WORK/wine.log" | tr -d '\r') || problem "no uninstall entry $uninstall_key"
declare -A want_entry=(
  [DisplayName]=Kaiwa [DisplayVersion]=$product_version [Publisher]=Kaiwa
  [InstallLocation]='C:\Program Files\Kaiwa' [DisplayIcon]='C:\Program Files\Kaiwa\Kaiwa.exe'
  [UninstallString]='"C:\Program Files\Kaiwa\uninstall.exe"' [QuietUninstallString]='"C:\Program Files\Kaiwa\uninstall.exe" /S'
)
for name in "${!want_entry[@]}"; do
  got=$(awk -v n="$name" '$1 == n { sub(/^ *[^ ]+ +REG_[A-Z_]+ +/, ""); print }' <<<"$entry")
  [[ $got == "${want_entry[$name]}" ]] || problem "uninstall entry $name is '$got', want '${want_entry[$name]}'"
done
bootstrapper_args=$(tr -d '\0' <"$C/webview2-bootstrapper.txt" 2>/dev/null || true)
[[ $bootstrapper_args == *'MicrosoftEdgeWebview2Setup.exe" /silent /install' ]] ||
  problem "the installer did not start the WebView2 bootstrapper with /silent /install (got: '$bootstrapper_args')"

# 5. Uninstall with the entry's QuietUninstallString, as Windows's "Apps" does.
start=$(date +%s%N)
rc=0
wine 'C:\Program Files\Kaiwa\uninstall.exe' /S >>"$WORK/wine.log" 2>&1 || rc=$?
wineserver -w
uninstall_ms=$(ms_since "$start")
((rc == 0)) || problem "the uninstaller exited with $rc"
[[ ! -e $program_dir ]] || problem "Program Files\\Kaiwa is still there after uninstalling: $(ls "$program_dir")"
for name in "${!LICENCES[@]}"; do
  if [[ -e $program_dir/$name ]]; then problem "Program Files\\Kaiwa\\$name is still there after uninstalling"
  else echo "windows-test: removed Program Files\\Kaiwa\\$name"; fi
done
for lnk in "${shortcuts[@]}"; do [[ ! -e $lnk ]] || problem "${lnk#"$C/"} is still there after uninstalling"; done
wine reg query "$uninstall_key" >/dev/null 2>&1 && problem "the uninstall entry is still there after uninstalling"

echo "windows-test: kaiwa.exe $(($(stat -c %s "$EXE") / 1024)) KB, installer $(($(stat -c %s "$installer") / 1024)) KB;" \
  "vet ${vet_ms} ms, makensis ${makensis_ms} ms, signing ${sign_ms} ms, Wine prefix ${prefix_ms} ms, install ${install_ms} ms, uninstall ${uninstall_ms} ms"
if ((fail)); then
  echo "windows-test: Wine's output:"; tail -n 30 "$WORK/wine.log"
  echo "windows-test: FAILED"
  echo "windows-test: 0 passed, 1 failed"
  exit 1
fi
echo "windows-test: 1 passed, 0 failed"
