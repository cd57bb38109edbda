"""Language of a page's main text: seeded, sampled, script-checked, and silent on short text."""

from __future__ import annotations

from locaudit.demo import texts
from locaudit.extract.language import detect_language
from locaudit.tags import from_langdetect

GERMAN = " ".join(texts.paragraphs(1, "de"))
CHINESE_SIMPLIFIED = (
    "如果您忘记了密码，请在登录页面点击“忘记密码”链接。我们会向"
    "您的注册邮箱发送一封邮件，邮件中包含重置密码的链接。该链接在"
    "二十四小时内有效。请检查您的垃圾邮件文件夹，如果您没有收到邮"
    "件，请联系我们的支持团队。为了保护您的账户安全，新密码必须包"
    "含至少八个字符，并且包含数字和字母。"
)


def test_langdetect_labels_map_to_bcp47() -> None:
    assert from_langdetect("zh-cn") == "zh-Hans"
    assert from_langdetect("zh-tw") == "zh-Hant"
    assert from_langdetect("de") == "de"


def test_long_text_is_detected_with_confidence() -> None:
    detection = detect_language(GERMAN)
    assert detection.language == "de" and detection.confidence >= 0.9


def test_chinese_is_detected_as_simplified_script() -> None:
    assert detect_language(CHINESE_SIMPLIFIED).language == "zh-Hans"


def test_kana_settles_japanese_without_statistics() -> None:
    japanese = " ".join(texts.paragraphs(2, "ja"))
    assert detect_language(japanese).language == "ja"


def test_short_text_is_unknown_never_a_guess() -> None:
    for text in ("Reset your password", GERMAN[:150], "OK", ""):
        detection = detect_language(text, min_chars=200)
        assert detection.language is None and detection.confidence == 0.0


def test_same_text_same_answer() -> None:
    first = [detect_language(" ".join(texts.paragraphs(i, lang)))
             for i in range(5) for lang in texts.LANGUAGES]
    again = [detect_language(" ".join(texts.paragraphs(i, lang)))
             for i in range(5) for lang in texts.LANGUAGES]
    assert first == again
