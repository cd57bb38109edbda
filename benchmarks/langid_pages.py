"""Which language detector, on real pages? Each detector labels the prose blocks of real
translated and fallback pages (rendered docs sites, chrome included); the page verdict is
locaudit's own (locales/prose.py rules, without the cross-page boilerplate pass).

    python benchmarks/langid_pages.py SITE_DIR TRUTH.json [SITE_DIR TRUTH.json ...]
        [--detector langdetect --detector fasttext --detector py3langid --detector lingua]

SITE_DIR holds the rendered site (`<locale>/<page>.html` or `<locale>/<page>/index.html`,
the source at the root); TRUTH.json names per locale the `translated` pages and the
`fallback` ones (English served under the locale): the format benchmarks/realdocs writes.
py3langid and lingua-language-detector are not locaudit dependencies: pip install them to
compare. CPU is the labelling of a page's blocks (parsing excluded), one process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from locaudit.extract.html import parse_html  # noqa: E402
from locaudit.extract.language import (  # noqa: E402
    Detector,
    counts_as,
    label_blocks,
    prose_minimum,
    shares,
)

Verdict = str  # "translated" | "untranslated" | "partial" | "unknown"


def extra_detector(name: str) -> Detector | str:
    if name == "py3langid":
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

        def detect(text: str) -> tuple[str | None, float]:
            lang, prob = ident.classify(text)
            return str(lang), float(prob)

        return detect
    if name == "lingua":
        from lingua import LanguageDetectorBuilder

        model = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def detect_lingua(text: str) -> tuple[str | None, float]:
            found = model.compute_language_confidence_values(text)
            if not found:
                return None, 0.0
            best, second = found[0].value, found[1].value if len(found) > 1 else 0.0
            margin = best / (best + second) if best else 0.0  # as for fastText
            return found[0].language.iso_code_639_1.name.lower(), float(margin)

        return detect_lingua
    return name


def verdict(blocks: list, locale: str, source: str = "en") -> Verdict:  # type: ignore[type-arg]
    share, total = shares(blocks)
    if total < prose_minimum(200) or not share:
        return "unknown"
    top = max(sorted(share), key=lambda lang: share[lang])
    target = sum(s for lang, s in share.items() if counts_as(lang, locale))
    source_share = sum(s for lang, s in share.items() if counts_as(lang, source))
    if share[top] >= 0.9 and not counts_as(top, locale):
        return "untranslated"
    if target < 0.8 and source_share >= 0.2:
        return "partial"
    return "translated"


def page_file(site: Path, locale: str, page: str) -> Path | None:
    for candidate in (site / locale / f"{page}.html", site / locale / page / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", help="SITE_DIR TRUTH.json, repeated")
    parser.add_argument("--detector", action="append")
    args = parser.parse_args()
    names = args.detector or ["langdetect", "fasttext"]
    corpora = [(Path(a), json.loads(Path(b).read_text("utf-8")))
               for a, b in zip(args.pairs[::2], args.pairs[1::2], strict=True)]
    pages: list[tuple[str, str, tuple[str, ...]]] = []  # (truth, locale, prose)
    for site, truth in corpora:
        for locale, entry in truth["locales"].items():
            lang = truth.get("html_lang", {}).get(locale, locale)
            for kind in ("translated", "fallback"):
                for page in entry.get(kind, []):
                    path = page_file(site, locale, page)
                    if path is not None:
                        prose = parse_html(path.read_text("utf-8", "replace")).prose
                        pages.append((kind, lang, prose))
    print(f"{len(pages)} pages ({sum(k == 'fallback' for k, _, _ in pages)} fallback)")
    print(f"{'detector':12s} {'ms/page':>8s} {'false untr.':>11s} {'partial':>8s} "
          f"{'unknown':>8s} {'fallback found':>15s}")
    for name in names:
        detector: Detector | str = extra_detector(name)
        label_blocks(["warm up the detector with a sentence of text"], detector)
        found: dict[tuple[str, Verdict], int] = {}
        started = time.process_time()
        labelled = [(kind, lang, label_blocks(prose, detector)) for kind, lang, prose in pages]
        cpu = time.process_time() - started
        for kind, lang, blocks in labelled:
            key = (kind, verdict(blocks, lang))
            found[key] = found.get(key, 0) + 1
        fallback = sum(n for (k, _), n in found.items() if k == "fallback")
        print(f"{name:12s} {cpu * 1000 / len(pages):8.2f} "
              f"{found.get(('translated', 'untranslated'), 0):11d} "
              f"{found.get(('translated', 'partial'), 0):8d} "
              f"{found.get(('translated', 'unknown'), 0):8d} "
              f"{found.get(('fallback', 'untranslated'), 0):8d} of {fallback}")




if __name__ == "__main__":
    main()
