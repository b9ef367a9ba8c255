Unicode true
# A 64-bit installer: Kaiwa is amd64 only, and Wine without 32-bit support can run it in the tests.
Target amd64-unicode

####
## Kaiwa's Windows installer, adapted from the Wails v2 template.
##
## `scripts/windows.sh installer` (make windows) compiles this file with Debian's makensis, on
## Linux, in CI and in the release alike. It passes INFO_PRODUCTVERSION from wails.json's
## info.productVersion (the release workflow sets it from the tag) and puts the WebView2
## bootstrapper in tmp\. "wails_tools.nsh" is Wails's generated helper file (kept as generated).
## Template replacements do not work in this file.
##
## Anything defined here wins over wails_tools.nsh.
####
## Kaiwa's code is MIT; the page carries eSpeak NG (GPL-3.0-or-later) and subsets of Noto Sans
## (OFL-1.1): Kaiwa as shipped is under all three.
!define INFO_COPYRIGHT     "Copyright ${U+00A9} Kaiwa. MIT, GPL-3.0-or-later (eSpeak NG) and OFL-1.1 (Noto Sans)."
!define PRODUCT_EXECUTABLE "Kaiwa.exe"
!define UNINST_KEY_NAME    "app.kaiwa.desktop"
## Per-machine install into Program Files (asks for elevation once).
!define REQUEST_EXECUTION_LEVEL "admin"

!include "wails_tools.nsh"

# The version information for these two must consist of 4 numeric parts.
VIProductVersion "${INFO_PRODUCTVERSION}.0"
VIFileVersion    "${INFO_PRODUCTVERSION}.0"

VIAddVersionKey "CompanyName"     "${INFO_COMPANYNAME}"
VIAddVersionKey "FileDescription" "${INFO_PRODUCTNAME} Installer"
VIAddVersionKey "ProductVersion"  "${INFO_PRODUCTVERSION}"
VIAddVersionKey "FileVersion"     "${INFO_PRODUCTVERSION}"
VIAddVersionKey "LegalCopyright"  "${INFO_COPYRIGHT}"
VIAddVersionKey "ProductName"     "${INFO_PRODUCTNAME}"

# HiDPI. https://nsis.sourceforge.io/Reference/ManifestDPIAware
ManifestDPIAware true

!include "MUI.nsh"

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
!define MUI_FINISHPAGE_NOAUTOCLOSE
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

## Code signing: the release signs kaiwa.exe before it goes in here and then the finished
## installer (scripts/windows.sh sign, osslsigncode). The uninstaller written inside stays
## unsigned; to sign it too, makensis would run osslsigncode on it with !uninstfinalize.

Name "${INFO_PRODUCTNAME}"
## scripts/windows.sh passes -DOUTFILE when the installer goes elsewhere (the Windows test's own).
!ifndef OUTFILE
    !define OUTFILE "..\..\bin\${INFO_PROJECTNAME}-${ARCH}-installer.exe"
!endif
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${INFO_PRODUCTNAME}"
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show

Function .onInit
    !insertmacro wails.checkArchitecture
FunctionEnd

Section
    !insertmacro wails.setShellContext

    !insertmacro wails.webview2runtime

    SetOutPath $INSTDIR

    !insertmacro wails.files
    # The licence texts beside Kaiwa.exe (as the Linux packages carry them). No licence page:
    # none of the licences asks the learner to accept anything before installing.
    File "/oname=LICENSE.txt" "..\..\..\LICENSE"
    File "/oname=eSpeak-NG.COPYING.txt" "..\..\..\frontend\node_modules\@echogarden\espeak-ng-emscripten\COPYING"
    File "/oname=Noto-Sans.OFL.txt" "..\..\Noto-Sans.OFL.txt"

    CreateShortcut "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"
    CreateShortCut "$DESKTOP\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"

    !insertmacro wails.associateFiles
    !insertmacro wails.associateCustomProtocols

    !insertmacro wails.writeUninstaller
    WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINST_KEY}" "URLInfoAbout" "https://kaiwa.app"
SectionEnd

Section "uninstall"
    !insertmacro wails.setShellContext

    # WebView2's cache for the app. The learner's own data (%AppData%\Kaiwa: conversations,
    # settings, logs) is left alone, so reinstalling or upgrading keeps it.
    RMDir /r "$AppData\${PRODUCT_EXECUTABLE}"

    Delete "$INSTDIR\${PRODUCT_EXECUTABLE}"
    Delete "$INSTDIR\LICENSE.txt"
    Delete "$INSTDIR\eSpeak-NG.COPYING.txt"
    Delete "$INSTDIR\Noto-Sans.OFL.txt"
    RMDir /r $INSTDIR

    Delete "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk"
    Delete "$DESKTOP\${INFO_PRODUCTNAME}.lnk"

    !insertmacro wails.unassociateFiles
    !insertmacro wails.unassociateCustomProtocols

    !insertmacro wails.deleteUninstaller
SectionEnd
