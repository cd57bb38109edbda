"""The config's `report:` block (title, client, logo) and where the HTML report shows it."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from locaudit.config import load_config
from locaudit.config.model import ReportBranding
from locaudit.errors import ConfigError
from locaudit.formats import html, json_format
from tests.report_fixture import sample_report, tiny_png
from tests.test_cli import run_cli

SITE = "site:\n  start_urls: [https://help.acme.example/hc/en-us]\n"


def config_with(tmp_path: Path, report_block: str) -> Path:
    folder = tmp_path / "configs"
    folder.mkdir(exist_ok=True)
    path = folder / "acme.yaml"
    path.write_text(SITE + "report:\n" + report_block, encoding="utf-8")
    return path


def test_report_block_reads_title_client_and_embeds_the_logo(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = config_with(tmp_path, "  title: Localization audit Q4\n  client: Globex\n"
                                 "  logo: brand/logo.png\n")
    (path.parent / "brand").mkdir()
    (path.parent / "brand" / "logo.png").write_bytes(tiny_png())
    monkeypatch.chdir(tmp_path)  # the logo resolves against the config's folder, not the cwd
    cfg = load_config(path)
    png = base64.b64encode(tiny_png()).decode()
    assert cfg.report == ReportBranding("Localization audit Q4", "Globex",
                                        f"data:image/png;base64,{png}")


def test_report_block_is_optional_and_an_svg_logo_is_an_image(tmp_path: Path) -> None:
    assert load_config(config_with(tmp_path, "  title: null\n")).report == ReportBranding()
    path = config_with(tmp_path, "  logo: logo.svg\n")
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4"/>'
    (path.parent / "logo.svg").write_bytes(svg)
    logo = load_config(path).report.logo
    assert logo == "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


@pytest.mark.parametrize(("block", "file", "content", "expected"), [
    ("  logo: missing.png\n", None, b"", "cannot read {dir}/missing.png: No such file"),
    ("  logo: notes.txt\n", "notes.txt", b"not an image at all",
     "{dir}/notes.txt is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("  logo: huge.png\n", "huge.png", tiny_png() + b"\0" * 600_000,
     "{dir}/huge.png is 600,{size} bytes; a logo may be at most 512 KB"),
    ("  logo: .\n", None, b"", "{dir} is a folder, not an image file"),
    ("  logo: 12\n", "12", b"GIF89a....", None),  # a number is a file name like any text
    ("  titel: Q4\n", None, b"", "unknown key (did you mean 'title'?)"),
])
def test_a_bad_logo_is_one_line_naming_file_line_and_key(
        tmp_path: Path, block: str, file: str | None, content: bytes,
        expected: str | None) -> None:
    path = config_with(tmp_path, block)
    if file is not None:
        (path.parent / file).write_bytes(content)
    if expected is None:
        assert load_config(path).report.logo == "data:image/gif;base64," + \
            base64.b64encode(content).decode()
        return
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    size = str(len(tiny_png()))[-3:].rjust(3, "0")
    wanted = expected.format(dir=path.parent.resolve(), size=size)
    assert "\n" not in message
    assert message.startswith(f"{path}:4: report"), message
    assert wanted in message, message


def test_html_shows_title_client_and_logo_on_cover_and_header_escaped() -> None:
    logo = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    brand = ReportBranding(title="Q4 <audit>", client="Globex & <Co>", logo=logo)
    text = html.format(sample_report(), brand)
    assert "<title>Q4 &lt;audit&gt;: Acme &lt;Help&gt; &amp; Co (2026-11-22)</title>" in text
    cover = text[text.index('<div class="cover">'):text.index("<header>")]
    assert '<p class="title">Q4 &lt;audit&gt;</p>' in cover
    assert '<p class="site">Acme &lt;Help&gt; &amp; Co</p>' in cover
    assert "Prepared for <b>Globex &amp; &lt;Co&gt;</b>" in cover and "2026-11-22" in cover
    header = text[text.index("<header>"):text.index("</header>")]
    assert '<p class="client">Prepared for Globex &amp; &lt;Co&gt;</p>' in header
    assert '<div class="eyebrow">Q4 &lt;audit&gt;</div>' in header
    assert text.count(f'src="{logo}"') == 2  # cover and header, embedded: nothing to fetch
    plain = html.format(sample_report())
    assert "<img" not in plain and "Prepared for" not in plain
    assert "<title>Localization audit: Acme" in plain


def test_cli_html_carries_the_config_branding_and_a_bad_logo_exits_2(tmp_path: Path) -> None:
    path = config_with(tmp_path, "  title: Audit for the board\n  client: Globex\n"
                                 "  logo: logo.png\n")
    (path.parent / "logo.png").write_bytes(tiny_png())
    report = tmp_path / "report.json"
    report.write_text(json_format.format(sample_report()), encoding="utf-8")
    out = tmp_path / "out.html"
    result = run_cli("check", str(path), "--report", str(report), "-o", str(out))
    assert result.returncode == 0, result.stderr  # no gates: only completeness is checked
    text = out.read_text(encoding="utf-8")
    assert "Prepared for <b>Globex</b>" in text and "Audit for the board" in text
    assert text.count('src="data:image/png;base64,') == 2
    # The JSON report does not carry the branding: it is the HTML's, from the config.
    json_out = tmp_path / "out.json"
    run_cli("check", str(path), "--report", str(report), "-o", str(json_out))
    assert "Globex" not in json.dumps(json.loads(json_out.read_text(encoding="utf-8")))
    (path.parent / "logo.png").write_text("oops", encoding="utf-8")
    result = run_cli("check", str(path), "--report", str(report), "-o", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{path}:6: report.logo:" in result.stderr
    assert "is not a PNG, JPEG, GIF, WebP or SVG image" in result.stderr


def test_a_secret_in_the_title_or_client_is_written_back_as_its_variable(
        tmp_path: Path) -> None:
    secret = "tok-5up3r-s3cr3t"
    path = config_with(tmp_path, "  title: 'Audit ${LOCAUDIT_BRAND_TOKEN}'\n"
                                 "  client: 'for ${LOCAUDIT_BRAND_TOKEN}'\n")
    report = tmp_path / "report.json"
    report.write_text(json_format.format(sample_report()), encoding="utf-8")
    out = tmp_path / "out.html"
    result = run_cli("check", str(path), "--report", str(report), "-o", str(out),
                     env={"LOCAUDIT_BRAND_TOKEN": secret})
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert secret not in text
    assert "Audit ${LOCAUDIT_BRAND_TOKEN}" in text
    assert "Prepared for <b>for ${LOCAUDIT_BRAND_TOKEN}</b>" in text
