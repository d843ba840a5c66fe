"""Batch machinery (soefacts.batch, soefacts.output) with a small stand-in extractor.

These tests pin the reading, piece cutting, ordering and worker logic independently of what
the real extractor finds; the CLI tests (test_cli.py) run the real thing end to end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from soefacts import batch, output, record

_MONEY = re.compile(r"\d+(?:\.\d+)?亿元")


def fake_extract(text, ref_date=None, *, source="-", base_offset=0):
    """One record per `N亿元`; the date is the reference date, so its flow through pieces shows."""
    out = []
    for m in _MONEY.finditer(text):
        out.append(dict(metric="金额", value=float(m.group()[:-2]) * 1e8, unit="元",
                        date=str(ref_date) if ref_date else None, sentence=m.group(),
                        text=m.group(), start=base_offset + m.start(),
                        end=base_offset + m.end(), source=source))
    return record.validate(out)


def fake_extract_piece(text, ref, *, source="-", base_offset=0, state=None):
    """The piece-by-piece entry point, over the same fake (state passes through)."""
    return fake_extract(text, ref, source=source, base_offset=base_offset), state


@pytest.fixture
def fake(monkeypatch):
    import soefacts.pipeline

    monkeypatch.setattr(soefacts.pipeline, "extract_records", fake_extract)
    monkeypatch.setattr(soefacts.pipeline, "extract_piece", fake_extract_piece)
    return fake_extract


def _article(paragraphs: int) -> str:
    return "".join(f"第{i}段：今年全省国企营收{i}.5亿元，同比增长。其中利润{i}亿元！\n\n"
                   for i in range(paragraphs))


# --------------------------------------------------------------------------- cutting


def test_cut_prefers_a_paragraph_break_then_a_sentence_end_then_a_line_break():
    para = "甲" * 70 + "。\n\n" + "乙" * 70 + "。" + "丙" * 50
    assert para[: batch.cut_point(para, 100)].endswith("\n\n")
    sent = "甲" * 60 + "。”" + "乙" * 30 + "！" + "丙" * 80
    assert sent[: batch.cut_point(sent, 100)].endswith("乙！")
    line = "甲" * 60 + "\n" + "乙" * 100
    assert batch.cut_point(line, 100) == 61
    assert batch.cut_point("甲" * 300, 100) == 150  # nothing to cut at: the window's end


def test_cut_keeps_closing_quotes_with_their_sentence():
    text = "甲" * 80 + "他说：“增长了。”" + "乙" * 100
    assert text[: batch.cut_point(text, 100)].endswith("。”")


def test_cut_after_a_blank_line_made_of_spaces():
    text = "甲" * 80 + "。\r\n　　\r\n" + "乙" * 100
    assert text[batch.cut_point(text, 100):].startswith("乙")


# --------------------------------------------------------------------------- one document


def test_large_input_in_pieces_gives_the_records_of_the_whole(tmp_path, fake):
    text = _article(400)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    cfg = batch.Config(ref_date="2020-01-01")
    whole = [r for b in batch.iter_records(str(path), cfg) for r in b]
    pieces = list(batch.iter_records(str(path), cfg, whole_limit=1000, piece_chars=700))
    assert len(pieces) > 10
    assert [r for b in pieces for r in b] == whole
    for r in whole:
        assert text[r["start"]:r["end"]] == r["text"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_pieces_keep_offsets_in_the_decoded_text_whatever_the_encoding(tmp_path, fake, encoding):
    text = _article(200)
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode(encoding))
    records = [r for b in batch.iter_records(str(path), batch.Config(), whole_limit=500,
                                             piece_chars=300) for r in b]
    assert len(records) == 400
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)


def test_publication_date_of_the_first_piece_governs_every_piece(tmp_path, fake, monkeypatch):
    seen = []

    def find(text):
        seen.append(text[:6])
        return "2017-02-10" if text.startswith("发布时间") else None

    monkeypatch.setattr(batch, "publication_date", find)
    path = tmp_path / "big.txt"
    path.write_text("发布时间：2017-02-10\n\n" + _article(100), encoding="utf-8")
    records = [r for b in batch.iter_records(str(path), batch.Config(), whole_limit=500,
                                             piece_chars=400) for r in b]
    assert seen == ["发布时间：2"]  # asked once, on the document's start
    assert {r["date"] for r in records} == {"2017-02-10"}
    # an explicit reference date wins and the finder is not asked
    records = [r for b in batch.iter_records(str(path), batch.Config(ref_date="2020-05-05"),
                                             whole_limit=500, piece_chars=400) for r in b]
    assert {r["date"] for r in records} == {"2020-05-05"} and len(seen) == 1


def test_a_bad_byte_deep_in_a_large_file_is_reported_with_its_offset(tmp_path, fake):
    data = _article(100).encode("utf-8")
    path = tmp_path / "big.txt"
    path.write_bytes(data + b"\xff\xfe" + data)
    with pytest.raises(batch.DecodeError, match=r"cannot decode as utf-8 \(invalid bytes near offset \d+\)"):
        for _ in batch.iter_records(str(path), batch.Config(), whole_limit=500, piece_chars=400):
            pass


def test_stdin_is_read_like_a_file(fake, monkeypatch):
    import io

    data = "约54.6亿元。".encode("gb18030")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [records] = list(batch.iter_records("-", batch.Config()))
    assert records[0]["source"] == "-" and records[0]["value"] == 5460000000


def test_missing_and_unreadable_inputs_raise_input_errors(tmp_path):
    with pytest.raises(batch.InputError, match="no such file or directory"):
        list(batch.iter_records(str(tmp_path / "nope.txt"), batch.Config()))


# --------------------------------------------------------------------------- inputs


def test_directories_expand_to_their_txt_files_recursively_and_sorted(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/c.txt", "a/notes.md", "10.txt", "2.txt", "a/sub/x.txt"]:
        p = tmp_path / "in" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    (tmp_path / "empty").mkdir()
    root = str(tmp_path / "in")
    items, empty = batch.expand_inputs(["first.txt", root, "-", str(tmp_path / "empty")])
    rel = [os.path.relpath(i, root) if i not in ("first.txt", "-") else i for i in items]
    assert rel == ["first.txt", "10.txt", "2.txt", "a/c.txt", "a/sub/x.txt", "a/z.txt", "b.txt", "-"]
    assert empty == [str(tmp_path / "empty")]


def test_an_unreadable_folder_is_reported_in_place_of_its_files(tmp_path, monkeypatch):
    """Simulated: the tests may run as root, for whom nothing is unreadable."""
    for rel in ["a.txt", "locked/b.txt", "z/c.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items, empty = batch.expand_inputs([str(tmp_path)])
    assert items == [batch.Failed(str(tmp_path / "locked"), "cannot read directory (permission denied)"),
                     str(tmp_path / "a.txt"), str(tmp_path / "z" / "c.txt")]
    assert empty == []


def test_files_from_reads_one_path_a_line(tmp_path):
    lst = tmp_path / "list"
    lst.write_text("a.txt\n\n路径 with space.txt\r\n", encoding="utf-8")
    assert batch.read_list(str(lst)) == ["a.txt", "路径 with space.txt"]
    import io

    assert batch.read_list("-", io.StringIO("x\ny\n")) == ["x", "y"]


# --------------------------------------------------------------------------- whole runs


class Recorder:
    def __init__(self):
        self.events = []
        self.failures = 0

    def start(self):
        self.events.append(("start",))

    def failed(self, path, reason):
        self.failures += 1
        self.events.append(("failed", path, reason))

    def done(self, path, n):
        self.events.append(("done", path, n))


def _corpus(tmp_path, n=12):
    paths = []
    for i in range(n):
        p = tmp_path / f"{i:02d}.txt"
        p.write_text(_article(i % 4 + 1), encoding="utf-8")
        paths.append(str(p))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n....")
    paths[3:3] = [str(bad), str(tmp_path / "missing.txt")]
    return paths


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_give_what_one_process_gives_in_the_same_order(tmp_path, fake, jobs):
    paths = _corpus(tmp_path)
    runs = []
    for j in (1, jobs):
        written, rec = [], Recorder()
        batch.run(paths, batch.Config(ref_date="2021-01-01"), lambda s, r: written.append((s, r)),
                  rec, jobs=j)
        runs.append((written, rec.events))
    assert runs[0] == runs[1]
    written, events = runs[0]
    assert [s for s, _ in written] == [p for p in paths if "bad" not in p and "missing" not in p]
    assert ("failed", paths[3], "not text (PNG image)") in events
    assert ("failed", paths[4], "no such file or directory") in events


def test_an_extractor_crash_is_that_documents_error(tmp_path, monkeypatch):
    import soefacts.pipeline

    def boom(text, *a, **k):
        if "BOOM" in text:
            raise ValueError("bad\nthing")
        return fake_extract(text, *a, **k)

    monkeypatch.setattr(soefacts.pipeline, "extract_records", boom)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("BOOM 1亿元")
    b.write_text("2亿元")
    for jobs in (1, 2):
        written, rec = [], Recorder()
        batch.run([str(a), str(b)], batch.Config(), lambda s, r: written.append(s), rec, jobs=jobs)
        assert rec.events[1] == ("failed", str(a), "extraction failed (ValueError: bad)")
        assert written == [str(b)]


def test_failed_directories_are_reported_in_their_place():
    written, rec = [], Recorder()
    batch.run([batch.Failed("d/sub", "cannot read directory (permission denied)")], batch.Config(),
              lambda s, r: written.append(s), rec)
    assert rec.events == [("start",), ("failed", "d/sub", "cannot read directory (permission denied)")]


# --------------------------------------------------------------------------- writers


def _records():
    return fake_extract("约54.6亿元和3亿元", "2020-01-02")


def test_json_writer_streams_one_valid_array(tmp_path):
    import io

    buf = io.BytesIO()
    w = output.JsonWriter(buf)
    w.write("a", _records())
    w.write("b", [])
    w.write("c", _records())
    w.close()
    w.close()  # a second close (after Ctrl-C) adds nothing
    assert json.loads(buf.getvalue()) == _records() * 2
    empty = io.BytesIO()
    output.JsonWriter(empty).close()
    assert json.loads(empty.getvalue()) == []


def test_jsonl_and_csv_writers(tmp_path):
    import csv
    import io

    buf = io.BytesIO()
    output.JsonlWriter(buf).write("a", _records())
    lines = buf.getvalue().decode().splitlines()
    assert [json.loads(x) for x in lines] == _records() and "亿" in lines[0]  # ensure_ascii=False
    buf = io.BytesIO()
    w = output.CsvWriter(buf)
    w.write("a", _records())
    rows = list(csv.reader(io.StringIO(buf.getvalue().decode())))
    assert tuple(rows[0][:10]) == output.SPEC_FIELDS
    assert rows[0] == list(record.FIELDS)
    assert len(rows) == 3 and rows[1][1] == "5460000000" and rows[1][4] == ""


@pytest.mark.parametrize("value, unit, shown", [
    (5460000000, "元", "54.6亿"), (38000, "户", "3.8万"), (5.7e12, "元", "5.7万亿"),
    (694000, "元/人", "69.4万"), (44.18, "%", "44.18"), (120000, "%", "120000"),
    (3, "倍", "3"), (9999, "人", "9999"), (1 / 3, "百分点", "0.3333"), (-25000, "元", "-2.5万"),
])
def test_readable_values(value, unit, shown):
    assert output.readable_value(value, unit) == shown


def test_excerpt_highlights_the_mention():
    sentence = "据统计，" + "全省" * 20 + "国资国企欠薪约54.6亿元，涉及职工" + "很多" * 20 + "。"
    text = output.excerpt(sentence, "约54.6亿元", context=10)
    assert "约54.6亿元" in text.plain and text.plain.startswith("…") and text.plain.endswith("…")
    assert any(text.plain[s.start:s.end] == "约54.6亿元" for s in text.spans)
    # the second record of the same mention in a sentence highlights the second occurrence
    twice = output.excerpt("甲下降3个百分点，乙下降3个百分点。", "3个百分点", nth=1)
    [span] = [s for s in twice.spans if s.style]
    assert twice.plain[: span.start] == "甲下降3个百分点，乙下降"
    # a mention across a line break is found in the joined sentence
    assert "54.6亿元" in output.excerpt("欠薪约54.6亿元。", "54.6\n亿元").plain


# --------------------------------------------------------------------------- memory


def test_a_60mb_file_is_read_in_bounded_memory(tmp_path):
    """Reading, decoding and cutting a 60 MB file (with an extractor that finds nothing)."""
    big = tmp_path / "big.txt"
    para = ("2023年，国资国企以优化资本布局的务实之举，加快补齐服务国家战略的短板。" * 8 + "\n\n").encode()
    with open(big, "wb") as f:
        for _ in range(60 * 2**20 // len(para) + 1):
            f.write(para)
    script = textwrap.dedent(f"""
        import resource, sys
        import soefacts.pipeline as p
        p.extract = lambda text, ref_date=None, *, source="-", base_offset=0: []
        sys.argv = ["soefacts", "extract", {str(big)!r}, "--jsonl"]
        from soefacts.cli import main
        try:
            main()
        except SystemExit as e:
            code = e.code
        print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    code, rss_kb = res.stderr.split()[-2:]
    assert code == "0", res.stderr
    assert int(rss_kb) / 1024 < 250
