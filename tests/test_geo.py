"""The gazetteer: name keys, the GeoNames importer, look-ups and resolution."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from newsledger.errors import DumpError, GazetteerError
from newsledger.geo import (
    Query,
    containing,
    default_gazetteer,
    demonym_place,
    distance_km,
    import_geonames,
    lookup,
    resolve,
)
from newsledger.geo.dump import feature_of
from newsledger.geo.gazetteer import Gazetteer
from newsledger.geo.names import name_key
from newsledger.geo.resolve import candidates_for

FIXTURES = Path(__file__).parent / "fixtures" / "geo"
DUMP = FIXTURES / "geonames_sample.txt"
ALTERNATES = FIXTURES / "alternate_names_sample.txt"


def test_name_key_folds_accents_case_and_punctuation() -> None:
    assert name_key("Al-Başrah") == name_key("al basrah") == "al basrah"
    assert name_key("U.S.") == "us"
    assert name_key("The Hague") == "hague"
    assert name_key("St. Peter's") == "st peters"


def test_feature_codes_map_to_kinds() -> None:
    assert feature_of("A", "PCLI") == "country"
    assert feature_of("A", "ADM1") == "region"
    assert feature_of("P", "PPLC") == "city"
    assert feature_of("S", "AIRP") == "airport"
    assert feature_of("L", "CONT") == "continent"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    out = tmp_path_factory.mktemp("geo") / "sample.sqlite"
    path, count = import_geonames(DUMP, ALTERNATES, out)
    assert path == out and count > 6  # six places plus the default countries
    return Gazetteer(out)


def test_import_reads_the_geoname_table(imported: Gazetteer) -> None:
    town = imported.lookup("Qarvel")
    assert [c.feature for c in town][:1] == ["city"]
    assert town[0].country == "IQ" and town[0].population == 250000
    assert imported.lookup("Karvel")[0].geonameid == 9000001  # alternatenames column
    airport = imported.lookup("Qarvel International Airport")[0]
    assert airport.feature == "airport" and airport.lat == pytest.approx(31.45)
    assert imported.lookup("Vellomar")[0].capital


def test_import_adds_alternate_names_but_not_links_or_historic(imported: Gazetteer) -> None:
    assert imported.lookup("Qarvel City")[0].geonameid == 9000001
    assert not imported.lookup("Old Qarvtown")
    assert not imported.lookup("https://en.wikipedia.org/wiki/Qarvel")


def test_import_of_a_cities_file_keeps_default_countries(imported: Gazetteer) -> None:
    iraq = imported.lookup("Iraq")
    assert iraq and iraq[0].feature == "country" and iraq[0].country == "IQ"
    assert imported.demonym_country("Iraqi") == "IQ"


def test_import_reads_zipped_dumps(tmp_path: Path) -> None:
    archive = tmp_path / "cities500.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(DUMP, "cities500.txt")
        z.writestr("readme.txt", "not a table")
    out, _count = import_geonames(archive, None, tmp_path / "z.sqlite")
    assert Gazetteer(out).lookup("Tessaly Point")[0].country == "US"


def test_import_rejects_a_table_of_the_wrong_shape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(DumpError):
        import_geonames(bad, None, tmp_path / "bad.sqlite")


def test_missing_index_is_a_gazetteer_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        Gazetteer(tmp_path / "absent.sqlite")


def test_default_index_knows_countries_towns_and_spellings() -> None:
    assert lookup("Iraq")[0].feature == "country"
    basra = max(lookup("Basra"), key=lambda c: c.population)
    assert basra.country == "IQ" and basra.feature == "city"
    assert lookup("Najaf International Airport")[0].feature == "airport"
    assert lookup("Shalamcheh border crossing")[0].feature == "border_crossing"


def test_demonyms_denote_countries_and_continents() -> None:
    iraq = demonym_place("Iraqi")
    assert iraq is not None and iraq.country == "IQ" and iraq.feature == "country"
    europe = demonym_place("European")
    assert europe is not None and europe.feature == "continent"
    assert demonym_place("Purple") is None


def test_dotted_abbreviations_only_match_with_dots() -> None:
    assert lookup("Ga.")[0].name == "Georgia" and lookup("Ga.")[0].country == "US"
    assert all(c.name != "Massachusetts" for c in lookup("Mass"))


def test_region_suffixes_fall_back_to_the_region() -> None:
    found = candidates_for(default_gazetteer(), Query("Najaf Governorate"))
    assert found and all(c.feature == "region" for c in found)


def test_resolution_prefers_capitals_and_big_places_alone() -> None:
    new_york = resolve(["New York"])[0]
    assert new_york is not None and new_york.feature == "city"  # the city, not the state
    paris, tripoli = resolve(["Paris", "Tripoli"])
    assert paris is not None and paris.country == "FR"
    assert tripoli is not None and tripoli.country == "LY"


def test_resolution_follows_the_article_context() -> None:
    chosen = resolve(["Lebanon", "Beirut", "Tripoli"])
    assert chosen[2] is not None and chosen[2].country == "LB"
    texan = resolve(["Texas", "Dallas", "Austin", "Paris"])  # co-mentioned places decide
    assert texan[3] is not None and (texan[3].country, texan[3].admin1) == ("US", "TX")
    assert texan[2] is not None and texan[2].admin1 == "TX"
    french = resolve(["Lyon", "Paris"])
    assert french[1] is not None and french[1].country == "FR"


def test_containing_and_distance() -> None:
    region, country = containing(30.5, 47.8)
    assert country is not None and country.country == "IQ"
    assert region is not None and region.feature == "region"
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


def test_a_default_index_from_other_data_is_rebuilt(tmp_path: Path, imported: Gazetteer) -> None:
    from newsledger.geo.gazetteer import _stale
    from newsledger.geo.index import PlaceRow, write_index

    old = tmp_path / "old.sqlite"
    write_index(
        [PlaceRow(1, "Qarvel", 31.5, 45.2, "IQ", "city", 10)],
        [],
        old,
        {"source": "default", "signature": "an older build"},
    )
    assert _stale(old)
    assert _stale(tmp_path / "absent.sqlite")
    assert not _stale(imported.path)  # an imported dump is the user's choice: kept


def test_regions_named_by_their_capital() -> None:
    found = candidates_for(default_gazetteer(), Query("Kharkiv Oblast"))
    assert found and found[0].feature == "region" and found[0].country == "UA"
    town = resolve(["Kharkiv"])[0]
    assert town is not None and town.feature == "city"  # the bare name is the town


def test_cli_imports_and_looks_up(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from newsledger.cli.gazetteer import app

    out = tmp_path / "cli.sqlite"
    runner = CliRunner()
    result = runner.invoke(
        app, ["import", str(DUMP), "--alternate-names", str(ALTERNATES), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["lookup", "Qarvel City", "--index", str(out)])
    assert result.exit_code == 0
    first = json.loads(result.output.splitlines()[0])
    assert first["geonameid"] == 9000001 and first["country"] == "IQ"
    missing = runner.invoke(app, ["lookup", "Nowhereville", "--index", str(out)])
    assert missing.exit_code == 2
    bad = runner.invoke(app, ["import", str(tmp_path / "absent.zip"), "--out", str(out)])
    assert bad.exit_code == 2


def test_provinces_no_town_names_get_codes_by_the_alphabet() -> None:
    # FIPS-style codes follow the alphabet: Chubut lies between Chaco and Cordoba
    regions = [c for c in lookup("Chubut") if c.feature == "region"]
    assert regions and (regions[0].country, regions[0].admin1) == ("AR", "04")
