"""Readers: every input form becomes records with the right metadata (fixtures written by us)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from storyline.ingest.formats import split_records
from storyline.ingest.parse import parse_record
from storyline.ingest.sources import count_inputs, iter_inputs
from storyline.types import Document, InputError, InputItem

PARAS = (
    "Mediators from Qatar and Egypt met negotiators in Cairo on Monday to press for a pause in the fighting.",
    "The talks focused on the release of captives held in Gaza in exchange for Palestinian prisoners.",
    "Officials said a further round was expected later in the week, though no date had been fixed.",
)
PAGE = """<!doctype html><html lang="en"><head><title>Talks | Gulf Dispatch</title>
<meta property="og:title" content="Mediators press for a pause">
<meta property="og:site_name" content="Gulf Dispatch">
<meta name="author" content="Sami Haddad">
<meta property="article:published_time" content="2024-02-06T08:00:00Z">
<link rel="canonical" href="https://gulfdispatch.example/2024/02/06/pause"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Mediators press for a pause</h1>{paras}<p>Share this article</p></article>
<footer>© 2024 Gulf Dispatch. All rights reserved.</footer></body></html>"""


def _page() -> str:
    return PAGE.format(paras="".join(f"<p>{p}</p>" for p in PARAS))


def _docs(item: InputItem) -> list[Document | InputError]:
    out: list[Document | InputError] = []
    for record in split_records(item):
        out.append(record if isinstance(record, InputError) else parse_record(record))
    return out


def test_plain_text_with_date_header_and_title() -> None:
    text = "date 2024-02-06 English\nMediators press for a pause\n\nBy Sami Haddad\n" + "\n".join(
        PARAS
    )
    [doc] = _docs(InputItem("a.txt", text.encode(), ".txt"))
    assert isinstance(doc, Document)
    assert doc.title == "Mediators press for a pause"
    assert doc.author == "Sami Haddad"
    assert (doc.published.date, doc.published.source) == ("2024-02-06", "header")
    assert doc.language == "en"
    assert doc.text.split("\n\n") == list(PARAS)


def test_undated_text_stays_undated() -> None:
    [doc] = _docs(InputItem("b.txt", "\n".join(PARAS).encode(), ".txt"))
    assert isinstance(doc, Document)
    assert (doc.published.date, doc.published.source, doc.published.confidence) == (
        None,
        "unknown",
        0.0,
    )


def test_html_metadata_and_main_text() -> None:
    [doc] = _docs(InputItem("p.html", _page().encode(), ".html"))
    assert isinstance(doc, Document)
    assert doc.title == "Mediators press for a pause"
    assert (doc.outlet, doc.author) == ("Gulf Dispatch", "Sami Haddad")
    assert doc.url == "https://gulfdispatch.example/2024/02/06/pause"
    assert (doc.published.date, doc.published.source) == ("2024-02-06", "html")
    for para in PARAS:
        assert para in doc.text
    assert "Home" not in doc.text and "Share this article" not in doc.text


def test_json_and_jsonl_records() -> None:
    records = [
        {"id": "a1", "url": "https://x.example/a", "outlet": "Capitol Wire", "title": "T1",
         "published": "2024-05-07", "language": "en", "text": "\n".join(PARAS)},
        {"id": "a2", "outlet": "Gulf Dispatch", "published": None, "html": _page()},
    ]  # fmt: skip
    data = "\n".join(json.dumps(r) for r in records).encode()
    first, second = _docs(InputItem("r.jsonl", data, ".jsonl"))
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.outlet, first.published.date, first.published.source) == (
        "Capitol Wire",
        "2024-05-07",
        "metadata",
    )
    assert second.published.source == "html"  # the record left it null; the page states it
    [single] = _docs(InputItem("r.json", json.dumps(records[0]).encode(), ".json"))
    assert isinstance(single, Document) and single.title == "T1"


def test_warc_records(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
    record = writer.create_warc_record(
        "https://gulfdispatch.example/pause", "response", payload=io.BytesIO(_page().encode()),
        http_headers=headers, warc_headers_dict={"WARC-Date": "2024-11-10T02:15:00Z"},
    )  # fmt: skip
    writer.write_record(record)
    [doc] = _docs(InputItem("crawl.warc.gz", buffer.getvalue(), ".warc.gz"))
    assert isinstance(doc, Document)
    assert doc.source == "crawl.warc.gz#https://gulfdispatch.example/pause"
    assert doc.outlet == "Gulf Dispatch"
    # the crawl date is kept as the capture day: an upper bound for dating an undated page
    assert json.loads(doc.raw_meta)["captured"] == "2024-11-10"


def test_crawl_dates_of_json_records_are_kept_as_the_capture_day() -> None:
    rows = [
        {"text": PARAS[1], "date_download": "2024-02-13 22:04:11", "date_publish": None},
        {"text": PARAS[2], "fetched_at": "not a date"},
    ]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    first, second = _docs(InputItem("crawl.jsonl", data, ".jsonl"))
    assert isinstance(first, Document) and isinstance(second, Document)
    assert json.loads(first.raw_meta)["captured"] == "2024-02-13"
    assert first.published.date is None  # a crawl date is never taken for the publication date
    assert "captured" not in json.loads(second.raw_meta)


def test_news_please_records_are_read_by_their_own_field_names() -> None:
    # news-please (the crawler behind CC-News dumps) names its fields its own way
    row = {"maintext": "\n\n".join(PARAS), "title": "Cairo talks", "source_domain": "wire.example",
           "date_publish": "2024-02-12 18:30:00", "date_download": "2024-02-13 22:04:11"}  # fmt: skip
    [doc] = _docs(InputItem("cc-news.jsonl", json.dumps(row).encode(), ".jsonl"))
    assert isinstance(doc, Document)
    assert (doc.published.date, doc.published.source) == ("2024-02-12", "metadata")
    assert doc.outlet == "wire.example" and doc.text.startswith("Mediators from Qatar")


def test_rss_feed_entries() -> None:
    items = "".join(
        f"<item><title>Item {i}</title><link>https://feed.example/{i}</link>"
        f"<pubDate>Mon, 0{i} Jan 2024 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{PARAS[i]}</p><p>{PARAS[2]}</p>]]></description></item>"
        for i in (1, 2)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed Wire</title>{items}</channel></rss>'
    docs = _docs(InputItem("news.rss", feed.encode(), ".rss"))
    assert [d.published.date for d in docs if isinstance(d, Document)] == [
        "2024-01-01",
        "2024-01-02",
    ]
    assert all(isinstance(d, Document) and d.outlet == "Feed Wire" for d in docs)


def test_directories_globs_and_gzip_are_walked_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(PARAS[0])
    (tmp_path / "b" / "c.md").write_text(PARAS[1])
    (tmp_path / "b" / "skip.png").write_bytes(gzip.compress(b"x"))
    sources = [i.source for i in iter_inputs([str(tmp_path)]) if isinstance(i, InputItem)]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.md")]
    assert count_inputs([str(tmp_path)]) == 2
    globbed = [i.source for i in iter_inputs([str(tmp_path / "**" / "*.md")])]
    assert globbed == [str(tmp_path / "b" / "c.md")]
    [missing] = list(iter_inputs([str(tmp_path / "nope" / "*.txt")]))
    assert isinstance(missing, InputError) and "no file matches" in missing.problem


def test_same_bytes_give_the_same_id() -> None:
    item = InputItem("x.txt", "\n".join(PARAS).encode(), ".txt")
    [a] = _docs(item)
    [b] = _docs(InputItem("elsewhere/y.txt", item.content, ".txt"))
    assert isinstance(a, Document) and isinstance(b, Document) and a.id == b.id


def test_a_standfirst_under_the_headline_is_kept_apart_from_the_body() -> None:
    text = (
        "Mediators propose a six-week truce in Gaza\n"
        "Cabinet to weigh the offer on Sunday as families rally in Tel Aviv\n"
        f"{PARAS[0]}\n{PARAS[1]}\n"
    )
    [doc] = _docs(InputItem("deck.txt", text.encode(), ".txt"))
    assert isinstance(doc, Document)
    assert doc.title == "Mediators propose a six-week truce in Gaza"
    assert doc.text.startswith(PARAS[0])
    assert ("Cabinet to weigh the offer on Sunday as families rally in Tel Aviv", "subtitle") in [
        (r.line, r.reason) for r in doc.removed
    ]


def test_a_dateline_or_a_first_sentence_under_the_headline_stays() -> None:
    for second in ("DOHA, Qatar —", PARAS[0]):
        text = f"Mediators propose a six-week truce in Gaza\n{second}\n{PARAS[1]}\n{PARAS[2]}\n"
        [doc] = _docs(InputItem("body.txt", text.encode(), ".txt"))
        assert isinstance(doc, Document) and doc.text.startswith(second)
        assert all(r.reason != "subtitle" for r in doc.removed)


def test_containers_are_streamed_past_the_single_file_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.ingest import sources

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 200)
    rows = "\n".join(json.dumps({"title": f"T{i}", "text": PARAS[i]}) for i in range(3))
    (tmp_path / "dump.jsonl").write_text(rows)  # over 200 bytes: streamed, not refused
    (tmp_path / "long.txt").write_text(" ".join(PARAS))  # one article over the limit: refused
    items = list(iter_inputs([str(tmp_path / "dump.jsonl"), str(tmp_path / "long.txt")]))
    dump, long = items
    assert isinstance(dump, InputItem) and dump.path == str(tmp_path / "dump.jsonl")
    assert [d.title for d in _docs(dump) if isinstance(d, Document)] == ["T0", "T1", "T2"]
    assert isinstance(long, InputError) and "over the 0 MiB limit" in long.problem


def test_gzipped_files_are_read_and_bad_ones_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.ingest import sources

    rows = "\n".join(json.dumps({"title": f"T{i}", "text": PARAS[i]}) for i in range(2))
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(rows.encode()))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(_page().encode()))
    (tmp_path / "broken.txt.gz").write_bytes(b"not gzip at all")
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"x"))  # no format inside the name
    items = list(iter_inputs([str(tmp_path)]))
    broken, dump, page = items  # sorted by name; notes.gz is not an input
    assert isinstance(broken, InputError) and "not a readable gzip file" in broken.problem
    assert isinstance(dump, InputItem) and dump.gzipped
    assert [d.title for d in _docs(dump) if isinstance(d, Document)] == ["T0", "T1"]
    assert isinstance(page, InputItem) and page.suffix == ".html"
    [doc] = _docs(page)
    assert isinstance(doc, Document) and doc.outlet == "Gulf Dispatch"
    # a small file that unpacks past the limit is refused, not unpacked whole
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 100)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 10_000))
    [bomb] = list(iter_inputs([str(tmp_path / "bomb.txt.gz")]))
    assert isinstance(bomb, InputError) and "unpacks to more than" in bomb.problem
