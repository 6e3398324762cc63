; Inno Setup script for Health Reader (Inno Setup 6.3 or later).
;
; Build the PyInstaller folder first, on Windows, from the repository root:
;     pyinstaller packaging\healthreader.spec --distpath dist --workpath build
; then compile this script:
;     iscc packaging\windows\healthreader.iss
; The installer is written to dist\HealthReader-<version>-setup.exe.
; Override the defaults with /D, e.g.  iscc /DAppVersion=0.1.1 /DDistDir=C:\out\healthreader ...
;
; Installs per machine (administrator rights) to Program Files\Health Reader, adds a Start
; menu shortcut (and, if asked, a desktop one) and an uninstaller. User data (settings,
; the catalogue cache under %LOCALAPPDATA%\HealthReader) is left in place on uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\healthreader"
#endif
#define AppName "Health Reader"
#define AppExe "healthreader.exe"

[Setup]
; The AppId identifies the product to Windows' uninstaller: never change it.
AppId={{3B0E556C-52E4-4CB7-A2F0-5ADC05C4CD08}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Health Reader contributors
AppComments=Plain-language health information, offline
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=HealthReader-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder build: healthreader.exe, healthreader-cli.exe, _internal\
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Plain-language health information, offline"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

