"""Language of a page's main text: a script check first, then seeded langdetect.

Detection runs on a ~1,000-character sample (same accuracy as the whole text, a quarter of
the cost: design §12) and never on short text: below `min_chars` the answer is unknown,
in every script. Scripts settle Japanese (kana), Korean (Hangul) and Chinese (Han without
either) before any statistics: langdetect reads Traditional Chinese as Korean
(benchmarks/langid_eval.py: 3 of 4 UDHR samples).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langdetect import DetectorFactory, detector_factory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException
from langdetect.language import Language
from langdetect.utils.ngram import NGram

from locaudit.tags import from_langdetect

DetectorFactory.seed = 0  # unseeded langdetect changes its answer between calls
SAMPLE_CHARS = 1000

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# Frequent characters that exist in one Chinese script only (simplified form on the right).
_TRADITIONAL = set("們這個來為說時會對國發權與學應關經義體現車長門開東書見買賣雙歲從頭種區")
_SIMPLIFIED = set("们这个来为说时会对国发权与学应关经义体现车长门开东书见买卖双岁从头种区")


@dataclass(frozen=True)
class Detection:
    language: str | None  # BCP 47; None when unknown
    confidence: float


UNKNOWN = Detection(None, 0.0)


def detect_language(text: str, min_chars: int = 200) -> Detection:
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters < min_chars // 2 or len(sample) < min_chars:
        return UNKNOWN
    script = _by_script(sample, letters)
    if script is not None:
        return script
    try:
        candidates = _detect_langs(sample)
    except LangDetectException:
        return UNKNOWN
    if not candidates:
        return UNKNOWN
    best = candidates[0]
    return Detection(from_langdetect(str(best.lang)), round(float(best.prob), 4))


def _by_script(sample: str, letters: int) -> Detection | None:
    """Kana is only Japanese and Hangul only Korean: no statistics needed."""
    if not letters:
        return None
    kana = len(_KANA.findall(sample)) / letters
    if kana > 0.15:
        return Detection("ja", 0.99)
    if len(_HANGUL.findall(sample)) / letters > 0.3:
        return Detection("ko", 0.99)
    if len(_HAN.findall(sample)) / letters > 0.5:
        traditional = sum(1 for ch in sample if ch in _TRADITIONAL)
        simplified = sum(1 for ch in sample if ch in _SIMPLIFIED)
        if traditional == simplified:
            return Detection("zh", 0.95)  # Chinese, script undecided
        return Detection("zh-Hant" if traditional > simplified else "zh-Hans", 0.99)
    return None


def _detect_langs(text: str) -> list[Language]:
    """`langdetect.detect_langs`, with the faster detector below."""
    detector_factory.init_factory()
    detector = _FastDetector(detector_factory._factory)
    detector.append(text)
    return list(detector.get_probabilities())


_NORMALIZED: dict[str, str] = {}  # NGram.normalize per character: a pure function


class _FastDetector(Detector):
    """langdetect's Detector with its two hot loops rewritten (n-gram extraction and the
    probability update were 80% of detection): the same n-grams in the same order and the
    same floating-point operations, so the same answers with the same seed, in less time."""

    def _extract_ngrams(self) -> list[str]:
        # NGram.add_char and NGram.get (n = 1..3) inlined.
        known = self.word_lang_prob_map
        result: list[str] = []
        grams = " "
        capitalword = False
        for raw in self.text:
            ch = _NORMALIZED.get(raw)
            if ch is None:
                ch = _NORMALIZED[raw] = NGram.normalize(raw)
            last = grams[-1]
            if last == " ":
                grams = " "
                capitalword = False
                if ch == " ":
                    continue  # add_char returns; the only gram would be " ", never kept
            elif len(grams) >= 3:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capitalword = True
            else:
                capitalword = False
            if capitalword:
                continue
            if ch != " " and ch in known:
                result.append(ch)
            size = len(grams)
            if size >= 2:
                w = grams[-2:]
                if w in known:
                    result.append(w)
                if size >= 3:
                    w = grams[-3:]
                    if w in known:
                        result.append(w)
        return result

    def _update_lang_prob(self, prob: list[float], word: str | None, alpha: float) -> bool:
        if word is None or word not in self.word_lang_prob_map:
            return False
        weight = alpha / self.BASE_FREQ
        prob[:] = [p * (weight + q) for p, q in zip(prob, self.word_lang_prob_map[word],
                                                     strict=True)]
        return True
