"""Readers, decoding and limits of `newsledger.ingest`, without NLP."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsledger.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedInput,
    UnsupportedInput,
)
from newsledger.ingest import Document, IngestOptions, read_bytes, read_inputs
from newsledger.ingest.decode import decode_bytes, detect_encoding
from newsledger.ingest.dispatch import READERS, parse_size, sniff
from newsledger.ingest.document import clean_text
from newsledger.ingest.html import iso_date
from newsledger.ingest.text import document_from_text

INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def docs(paths: list[str], options: IngestOptions | None = None) -> list[Document | InputError]:
    return list(read_inputs(paths, options or IngestOptions()))


def one(path: Path) -> Document:
    [item] = docs([str(path)])
    assert isinstance(item, Document), item
    return item


def error(path: Path) -> InputError:
    [item] = docs([str(path)])
    assert isinstance(item, InputError), item
    return item


# --- decoding -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["utf16-bom.txt", "utf16le-nobom.txt", "utf16be-nobom.txt"])
def test_utf16_with_and_without_bom_is_decoded(name: str) -> None:
    doc = one(INPUTS / name)
    assert doc.title == "Border closed at Rabia"
    assert "Muñoz, the café owner" in doc.text


def test_short_latin1_text_is_read_as_western_not_central_european() -> None:
    # charset detection alone guesses cp1250 here and turns "Muñoz" into "Muńoz".
    doc = one(INPUTS / "latin1-cafe.txt")
    assert doc.title == "Café attack in Niamey"
    assert "Señor José Muñoz" in doc.text and "préfet" in doc.text


def test_cp1252_smart_quotes_survive() -> None:
    doc = one(INPUTS / "cp1252-quotes.txt")
    assert doc.text.startswith("\u201cWe are staying indoors,\u201d said Aïcha Maïga")
    assert "café owner’s sister" in doc.text


def test_declared_latin1_html_is_decoded() -> None:
    doc = one(INPUTS / "latin1-page.html")
    assert "Ahmed Muñoz" in doc.text and doc.title == "Café bombing"


def test_detection_keeps_non_latin_encodings() -> None:
    text = "Министр обороны заявил в понедельник, что войска покинули город и отошли к реке."
    assert detect_encoding(text.encode("cp1251")) == "cp1251"
    assert decode_bytes(text.encode("cp1251"), "x") == text


def test_utf8_wins_over_a_wrong_declaration() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body>Muñoz</body></html>'
    assert "Muñoz" in decode_bytes(page.encode("utf-8"), "x", markup=True)


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (bytes(range(256)) * 8, None),
    ],
)
def test_binary_data_is_refused(data: bytes, kind: str | None) -> None:
    with pytest.raises(BinaryInput) as info:
        decode_bytes(data, "file.txt")
    assert info.value.origin == "file.txt"
    assert kind is None or kind in info.value.reason


def test_a_few_nul_bytes_do_not_make_text_binary() -> None:
    text = "Troops entered\x00 the town of Tessalit on Monday, residents said. " * 20
    assert "\x00" not in clean_text(decode_bytes(text.encode(), "x"))


# --- text cleaning and offsets ---------------------------------------------------

HOSTILE = (
    "Mixed\r\nline\rends\u2028and\x0bmore\n\n"
    "Zero\u200bwidth and \u200fRTL\u202e marks, soft\u00adhyphen, \ufeffBOM, NUL\x00.\n"
    "Lone surrogate \ud800 here.\t\tTabs   and\u00a0spaces.\n\n\n\n\nEnd"
)


def test_clean_text_is_idempotent_so_offsets_are_stable() -> None:
    once = clean_text(HOSTILE)
    assert clean_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\u200b" not in once and "\u202e" not in once
    assert "Zerowidth" in once and "softhyphen" in once and "\ufffd" in once
    assert "\n\n\n" not in once
    once.encode("utf-8")  # no lone surrogates left


def test_text_reader_body_is_what_offsets_point_into() -> None:
    doc = document_from_text(HOSTILE, "x")
    assert doc.text == clean_text(doc.text)


# --- plain text header ----------------------------------------------------------------


def test_text_outlet_line_title_and_byline() -> None:
    doc = one(EXAMPLES / "feature-border-crossing.txt")
    assert doc.outlet == "The Sahel Chronicle"
    assert doc.url == "https://sahelchronicle.example/features/ayorou-crossing"
    assert doc.title == "At the river crossing where the buses no longer stop"
    assert doc.author == "Aminata Traoré"
    assert doc.text.startswith("AYOROU, Niger")


def test_wire_headline_and_dateline_agency() -> None:
    doc = one(EXAMPLES / "wire-militia-recruitment.txt")
    assert (doc.title or "").startswith("Iraqi militia steps up recruitment in Diyala")
    assert doc.outlet == "Tigris Wire Service"
    assert doc.text.startswith("BAGHDAD, March 3, 2026")


@pytest.mark.parametrize(
    "raw,title",
    [
        ("Officials said 12 people were killed in Basra on Monday.", None),
        ("Officials said 12 people were killed.\nThe toll may rise.", None),
        (
            "Flood kills 12 in Basra\nOfficials said 12 people were killed.",
            "Flood kills 12 in Basra",
        ),
        ("\u201cWe will not leave,\u201d\n\nsaid the mayor.", None),
        (
            "Poll: Wealthy Voters Abandon Republican Party for Clinton.\n\nA poll shows...",
            ("Poll: Wealthy Voters Abandon Republican Party for Clinton."),
        ),
        ("Poll: Wealthy Voters Abandon Republican Party for Clinton.\nA poll shows...", None),
        ("Officials said 12 people were killed in Basra.\n\nThe toll may rise.", None),
        ("BAGHDAD, Jan. 5 (Reuters) - Gunmen killed two soldiers.\n\nMore.", None),
    ],
)
def test_title_only_when_the_first_line_looks_like_one(raw: str, title: str | None) -> None:
    doc = document_from_text(raw, "x")
    assert doc.title == title
    assert doc.text


# --- HTML -----------------------------------------------------------------------------


def test_html_body_and_metadata_without_boilerplate() -> None:
    doc = one(EXAMPLES / "ministry-statement.html")
    assert doc.title == "Ministry denies shelling reports near Tal Abyad as families flee"
    assert doc.outlet == "Euphrates Daily"
    assert doc.author == "Rania Khoury"
    assert doc.published == "2026-02-18"
    assert (
        doc.url == "https://euphratesdaily.example/news/2026/02/ministry-denies-shelling-tal-abyad"
    )
    assert doc.text.startswith("RAQQA, Syria")  # the headline is not repeated in the body
    assert "has the right to defend its positions" in doc.text
    for junk in (
        "cookies",
        "Subscribe",
        "Advertisement",
        "Related",
        "abu_omar",
        "All rights reserved",
        "Sign up",
        "Share on X",
        "BREAKING",
    ):
        assert junk not in doc.text, junk
    assert doc.text.count("\n\n") >= 5  # one paragraph per <p>


def test_unclosed_tags_still_give_the_text() -> None:
    for name in ("unclosed-paragraphs.html", "unclosed-tags.html"):
        doc = one(INPUTS / name)
        assert "Fighting broke out near Kidal on Tuesday" in doc.text
        assert "north of the town" in doc.text and "<" not in doc.text


def test_markup_without_text_is_an_error() -> None:
    assert isinstance(error(INPUTS / "garbage.html"), EmptyInput)


# --- JSON / JSONL ---------------------------------------------------------------------


def test_jsonl_field_names_are_mapped() -> None:
    found = docs([str(EXAMPLES / "reports.jsonl")])
    assert all(isinstance(d, Document) for d in found)
    first, second, third = found
    assert (
        isinstance(first, Document) and isinstance(second, Document) and isinstance(third, Document)
    )
    assert (first.title, first.outlet, first.author, first.published) == (
        "Gunmen kill three at checkpoint near Kirkuk, police say",
        "kirkukpost.example",
        "Hamid Rashid",
        "2026-02-08",
    )
    assert (second.outlet, second.author, second.published) == (
        "Sahel Watch",
        "Oumar Coulibaly",
        "2026-02-13",
    )
    assert (third.title, third.url, third.outlet, third.published) == (
        "Lebanese army deploys along southern border road, officials say",
        "https://cedarreport.example/news/army-southern-road",
        "The Cedar Report",
        "2026-02-16",
    )
    assert "\n\n" in first.text


def test_json_wrappers_nested_fields_and_html_bodies() -> None:
    data = json.dumps(
        {
            "results": [
                {
                    "articleBody": ["First paragraph.", "Second paragraph."],
                    "source": {"id": "x", "name": "Desk"},
                    "timestamp": 1770681600,
                },
                {
                    "content": "<p>Troops <b>withdrew</b> on Monday.</p><p>Residents returned.</p>",
                    "title": " T ",
                },
                {
                    "html": "<html><body><article><p>"
                    + "Shelling hit the port of Hodeidah. " * 10
                    + "</p></article></body></html>"
                },
            ]
        }
    ).encode()
    a, b, c = read_bytes(data, "wrapped.json")
    assert isinstance(a, Document) and isinstance(b, Document) and isinstance(c, Document)
    assert a.text == "First paragraph.\n\nSecond paragraph." and a.outlet == "Desk"
    assert a.published == "2026-02-10"
    assert b.text == "Troops withdrew on Monday.\n\nResidents returned." and b.title == "T"
    assert c.text.startswith("Shelling hit the port of Hodeidah.")


@pytest.mark.parametrize(
    "name,kind,words",
    [
        ("truncated.json", MalformedInput, "invalid JSON at line 1"),
        ("wrong-shape.json", MalformedInput, "expected a JSON object, found str"),
    ],
)
def test_bad_json(name: str, kind: type, words: str) -> None:
    item = error(INPUTS / name)
    assert isinstance(item, kind) and words in str(item) and item.origin.endswith(name)


def test_jsonl_files_are_streamed_with_a_limit_per_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    short = json.dumps({"text": "Troops withdrew from Kidal on Monday."})
    long = json.dumps({"text": "Shelling resumed. " * 400})
    path.write_text(f"{short}\n{long}\n{short}\n")
    found = docs([str(path)], IngestOptions(max_bytes=1000))
    assert [type(d).__name__ for d in found] == ["Document", "InputTooLarge", "Document"]
    assert found[1].origin == f"{path}:2"


def test_jsonl_line_separator_inside_a_string_and_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    lines = [
        '{"text": "First line\u2028still the first record, Muñoz said."}',
        '{"text": "Second, café."}',
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert [len(docs([str(path)]))] == [2]
    path.write_text("\n".join(lines), encoding="utf-16")
    found = docs([str(path)])
    assert [d.text for d in found if isinstance(d, Document)][1] == "Second, café."
    path.write_bytes(lines[1].encode("cp1252"))
    assert [d.text for d in docs([str(path)]) if isinstance(d, Document)] == ["Second, café."]
    path.write_bytes((INPUTS / "image-as-text.txt").read_bytes() * 3)
    [item] = docs([str(path)])
    assert isinstance(item, BinaryInput)


def test_json_lines_saved_as_json() -> None:
    data = b'{"text": "Troops withdrew from Kidal."}\n{"text": "Shelling resumed in Idlib."}\n'
    found = list(read_bytes(data, "lines.json", READERS[".json"]))
    assert [d.text for d in found if isinstance(d, Document)] == [
        "Troops withdrew from Kidal.",
        "Shelling resumed in Idlib.",
    ]
    [item] = read_bytes(b'{"text": "a"} {"text": "b"}', "two.json", READERS[".json"])
    assert isinstance(item, MalformedInput) and "Extra data" in item.reason


def test_deeply_nested_json_is_a_clean_error() -> None:
    [item] = read_bytes(b"[" * 100_000 + b"]" * 100_000, "deep.json", None)
    assert isinstance(item, MalformedInput)


def test_jsonl_bad_line_is_reported_and_the_others_read() -> None:
    found = docs([str(INPUTS / "one-bad-line.jsonl")])
    assert [type(d).__name__ for d in found] == ["Document", "MalformedInput", "Document"]
    assert found[1].origin.endswith("one-bad-line.jsonl:2")


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-02-08T07:30:00Z", "2026-02-08"),
        ("Mon, 16 Feb 2026 14:10:00 GMT", "2026-02-16"),
        (1770681600, "2026-02-10"),
        ("1770681600000", "2026-02-10"),
        ("yesterday", None),
        ("2026-13-45", None),
        (None, None),
        (True, None),
    ],
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected


# --- feeds -----------------------------------------------------------------------------


def test_rss_entries_with_full_content_and_dates() -> None:
    found = docs([str(EXAMPLES / "regional-feed.xml")])
    assert len(found) == 3 and all(isinstance(d, Document) for d in found)
    first = found[0]
    assert isinstance(first, Document)
    assert first.outlet == "Gulf & Levant Monitor" and first.author == "Yusuf Darwish"
    assert first.published == "2026-03-05"
    assert "Colonel Mark Delaney" in first.text  # content:encoded, not the one-line description
    assert first.text.count("\n\n") == 3
    assert [d.origin.rsplit("#", 1)[1] for d in found if isinstance(d, Document)] == ["1", "2", "3"]


def test_atom_entries() -> None:
    first, second = docs([str(INPUTS / "atom-feed.xml")])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.outlet == "Horn of Africa Briefing" and first.author == "Selam Bekele"
    assert first.published == "2026-02-11" and "1,200 passengers" in first.text
    assert second.published == "2026-02-10" and second.text.startswith("Talks on a grain corridor")


def test_entry_date_is_the_local_date_as_written() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Night raid</title>'
        b"<pubDate>Thu, 05 Mar 2026 01:30:00 +0300</pubDate>"
        b"<description>Troops raided a village near Hawija overnight, residents said.</description>"
        b"</item></channel></rss>"
    )
    [doc] = read_bytes(feed, "f.xml", READERS[".xml"])
    assert isinstance(doc, Document) and doc.published == "2026-03-05"  # 2026-03-04 in UTC


def test_feed_without_entries_and_malformed_feed() -> None:
    assert "feed has no entries" in str(error(INPUTS / "feed-no-entries.xml"))
    assert "malformed feed" in str(error(INPUTS / "feed-malformed.xml"))


def test_feed_bytes_are_never_taken_for_a_file_name(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(
        "<rss><channel><item><title>Leak</title><description>private</description>"
        "</item></channel></rss>"
    )
    item = error_from_bytes(str(secret).encode(), ".xml")
    assert "Leak" not in str(item)


def error_from_bytes(data: bytes, suffix: str) -> InputError:
    [item] = read_bytes(data, "x" + suffix, READERS[suffix])
    assert isinstance(item, InputError), item
    return item


# --- WARC ------------------------------------------------------------------------------

PAGE = (
    "<html><head><title>Port strike</title></head><body><article><p>"
    + "Dockers at the port of Aden stopped work on Monday, union officials said. " * 8
    + "</p></article></body></html>"
)


def make_warc(records: list[tuple[str, str, bytes, str]], gz: bool = True) -> bytes:
    """A WARC of (type, url, payload, content type) records, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for rec_type, url, payload, content_type in records:
        if rec_type == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=http
            )
        else:
            record = writer.create_warc_record(
                url, rec_type, payload=io.BytesIO(payload), warc_content_type=content_type
            )
        writer.write_record(record)
        record.raw_stream.close()  # warcio's spooled copy of the payload
    return out.getvalue()


def warc_docs(data: bytes, name: str = "a.warc.gz") -> list[Document | InputError]:
    from newsledger.ingest.warc import read_warc

    return list(read_bytes(data, name, read_warc))


def test_warc_html_responses_and_resources_non_html_ignored() -> None:
    data = make_warc(
        [
            ("response", "https://a.example/1", PAGE.encode(), "text/html; charset=utf-8"),
            ("response", "https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
            (
                "resource",
                "https://a.example/2",
                PAGE.replace("Aden", "Mukalla").encode("latin-1"),
                "text/html; charset=iso-8859-1",
            ),
            ("metadata", "https://a.example/1", b"via: crawler", "application/warc-fields"),
        ]
    )
    found = warc_docs(data)
    assert [d.url for d in found if isinstance(d, Document)] == [
        "https://a.example/1",
        "https://a.example/2",
    ]
    assert "Mukalla" in found[1].text  # type: ignore[union-attr]


def test_uncompressed_warc() -> None:
    data = make_warc([("response", "https://a.example/1", PAGE.encode(), "text/html")], gz=False)
    assert [type(d) for d in warc_docs(data, "a.warc")] == [Document]


def test_truncated_warc_gz_keeps_whole_records_and_reports_the_cut() -> None:
    good = make_warc([("response", "https://a.example/1", PAGE.encode(), "text/html")])
    second = make_warc([("response", "https://a.example/2", (PAGE * 3).encode(), "text/html")])
    found = warc_docs(good + second[: len(second) // 2])
    assert isinstance(found[0], Document)
    assert (
        isinstance(found[-1], MalformedInput) and "truncated or malformed WARC" in found[-1].reason
    )


def test_warc_without_html_records() -> None:
    data = make_warc([("response", "https://a.example/x.png", b"\x89PNG", "image/png")])
    [item] = warc_docs(data)
    assert isinstance(item, EmptyInput) and "no HTML records" in item.reason


def test_warc_files_are_streamed_and_the_limit_applies_per_record(tmp_path: Path) -> None:
    pages = [("response", f"https://a.example/{i}", PAGE.encode(), "text/html") for i in range(6)]
    pages.append(("response", "https://a.example/huge", (PAGE * 40).encode(), "text/html"))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(make_warc(pages))
    assert path.stat().st_size > 3000
    found = docs([str(path)], IngestOptions(max_bytes=3000))
    assert [type(d).__name__ for d in found] == ["Document"] * 6 + ["InputTooLarge"]
    assert found[-1].origin.endswith("#https://a.example/huge")


@pytest.mark.parametrize("gz", [True, False])
def test_truncation_checks_across_chunk_boundaries(
    gz: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.ingest import warc

    monkeypatch.setattr(warc, "_CHUNK", 97)  # many chunks, headers split between them
    pages = [("response", f"https://a.example/{i}", PAGE.encode(), "text/html") for i in range(5)]
    whole = make_warc(pages, gz=gz)
    assert warc.archive_complete(io.BytesIO(whole + (b"\x00" * 10 if gz else b"")), 5)
    assert not warc.archive_complete(io.BytesIO(whole[:-40]), 4)
    assert not warc.archive_complete(io.BytesIO(whole + whole[:60]), 5)


def test_gzip_that_is_not_a_warc() -> None:
    [item] = warc_docs(gzip.compress(b"hello, this is not a warc"))
    assert isinstance(item, MalformedInput)


# --- dispatch, limits, directories ------------------------------------------------------


def test_size_limit_refuses_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: instant, no disk used
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before the size check"))
    [item] = docs([str(big)])
    assert isinstance(item, InputTooLarge) and "209,715,200 bytes" in item.reason


def test_limits_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_MAX_BYTES", "1K")
    monkeypatch.setenv("NEWSLEDGER_MAX_CHARS", "100")
    options = IngestOptions.from_env()
    assert (options.max_bytes, options.max_chars) == (1024, 100)
    assert IngestOptions.from_env(max_bytes=5).max_bytes == 5
    path = tmp_path / "long.txt"
    path.write_text("Troops withdrew. " * 10)
    [item] = read_inputs([str(path)], options)
    assert isinstance(item, InputTooLarge) and "characters" in item.reason
    monkeypatch.setenv("NEWSLEDGER_MAX_BYTES", "lots")
    assert IngestOptions.from_env().max_bytes == 50 * 1024 * 1024


@pytest.mark.parametrize(
    "value,expected",
    [
        ("200000", 200000),
        ("50M", 50 * 1024**2),
        ("1 GiB", 1024**3),
        ("0", None),
        ("-5", None),
        ("", None),
    ],
)
def test_parse_size(value: str, expected: int | None) -> None:
    assert parse_size(value) == expected


def test_missing_unknown_and_directory(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second report\n\nTroops withdrew on Monday.")
    (tmp_path / "a.json").write_text('{"text": "Shelling resumed on Sunday, residents said."}')
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text("Hidden report")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Third report\n\nProtesters gathered in Sweida.")
    (tmp_path / "empty").mkdir()
    found = docs(
        [
            str(tmp_path),
            str(tmp_path / "nope.txt"),
            str(tmp_path / "notes.docx"),
            str(tmp_path / "empty"),
        ]
    )
    origins = [d.origin for d in found]
    assert origins[:3] == [
        str(tmp_path / "a.json"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.txt"),
    ]
    assert "no such file" in str(found[3])
    assert isinstance(found[4], UnsupportedInput) and "unknown input format '.docx'" in str(
        found[4]
    )
    assert isinstance(found[5], UnsupportedInput) and "no readable input files" in str(found[5])


@pytest.mark.parametrize(
    "data,reader",
    [
        (b"WARC/1.0\r\n", "read_warc"),
        (b"\x1f\x8b\x08", "read_warc"),
        (b'{"text": "a"}\n{"text": "b"}\n', "read_jsonl"),
        (b'{"text": "a"}', "read_json"),
        (b"[{}]", "read_json"),
        (b'<?xml version="1.0"?><rss>', "read_feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "read_feed"),
        (b"<!DOCTYPE html><html>", "read_html"),
        (b"<p>Troops withdrew.</p>", "read_html"),
        (b"Troops withdrew on Monday.", "read_text"),
    ],
)
def test_sniffing_standard_input(data: bytes, reader: str) -> None:
    assert sniff(data).__name__ == reader


def test_every_example_reads_cleanly() -> None:
    found = docs([str(EXAMPLES)])
    assert len(found) == 10 and all(isinstance(d, Document) for d in found), found
