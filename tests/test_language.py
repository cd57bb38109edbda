"""Language of a page's main text: seeded, sampled, script-checked, and silent on short text."""

from __future__ import annotations

from locaudit.demo import texts
from locaudit.extract.language import detect_language
from locaudit.extract.page import ExtractOptions, process_fetched
from locaudit.models import Fetched
from locaudit.tags import from_langdetect, same_language

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


TRADITIONAL = (
    "如果您忘記了密碼，請在登入頁面點擊「忘記密碼」。我們會向您的電子郵件發送一封包含重設連結的"
    "郵件，這個連結在二十四小時內有效。如果您沒有收到郵件，請檢查垃圾郵件資料夾，或者請您的帳戶"
    "管理員重新發送邀請。為了帳戶安全，新密碼至少需要八個字元，並且必須同時包含字母和數字。"
)


def test_chinese_scripts_are_told_apart_and_never_read_as_korean() -> None:
    # Each text is under 200 characters, so alone it is unknown; doubled, it is judged.
    assert detect_language(CHINESE_SIMPLIFIED).language is None
    assert detect_language(CHINESE_SIMPLIFIED * 2).language == "zh-Hans"
    assert detect_language(TRADITIONAL * 2).language == "zh-Hant"


def test_bokmal_text_detected_as_norwegian_is_the_same_language() -> None:
    assert same_language("no", "nb") and same_language("nb-NO", "no")
    assert not same_language("no", "da")


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


def _fetched(body: str, headers: tuple[tuple[str, str], ...] = ()) -> Fetched:
    url = "https://help.acme.example/docs/fr/reset"
    return Fetched(url=url, final_url=url, status=200, body=body.encode("utf-8"),
                   headers=(("content-type", "text/html; charset=utf-8"), *headers))


ENGLISH = " ".join(texts.paragraphs(3, "en"))


def test_fallback_and_machine_translation_phrases_are_configurable() -> None:
    html = (f'<html lang="fr"><body><div class="notice">Nur auf Englisch verfügbar</div>'
            f"<main><p>{ENGLISH}</p><p>Vertaald door een machine</p></main></body></html>")
    default, _ = process_fetched(ExtractOptions(), _fetched(html))
    assert default.fallback_banner is None and default.machine_translated is None
    options = ExtractOptions(fallback_phrases=("nur auf englisch",),
                             machine_translation_phrases=("vertaald door een machine",))
    page, _ = process_fetched(options, _fetched(html))
    assert page.fallback_banner == "nur auf englisch"
    assert page.machine_translated == "vertaald door een machine"
    assert (page.detected_language, page.detected_confidence >= 0.9) == ("en", True)


def test_machine_translation_meta_markers() -> None:
    for meta in ('<meta name="ms.translationtype" content="MT">',
                 '<meta name="ms.translationtype" content="HMT">',
                 '<meta name="translation-type" content="machine">'):
        page, _ = process_fetched(ExtractOptions(), _fetched(
            f'<html lang="fr"><head>{meta}</head><body><p>{ENGLISH}</p></body></html>'))
        assert page.machine_translated is not None and "translation" in page.machine_translated
    human, _ = process_fetched(ExtractOptions(), _fetched(
        '<html><head><meta name="ms.translationtype" content="HT"></head><body></body></html>'))
    assert human.machine_translated is None


def test_alternates_from_html_and_the_link_header_are_canonicalised() -> None:
    header = ('<https://help.acme.example:443/docs/de/zurücksetzen#x>; rel="alternate"; '
              'hreflang="de", <https://help.acme.example/feed.xml>; rel="alternate"; '
              'hreflang="en"; type="application/rss+xml"')
    page, _ = process_fetched(ExtractOptions(), _fetched(
        '<html><head><link rel="alternate" hreflang="en" href="../en/reset?utm_source=x">'
        '<link rel="canonical" href="/docs/fr/reset#top"></head><body></body></html>',
        (("link", header),)))
    assert [(a.hreflang, a.url, a.origin) for a in page.alternates] == [
        ("en", "https://help.acme.example/docs/en/reset", "html"),
        ("de", "https://help.acme.example/docs/de/zur%C3%BCcksetzen", "header")]
    assert page.canonical == "https://help.acme.example/docs/fr/reset"


def test_blocks_get_stock_langdetects_own_answers() -> None:
    # No private fork of langdetect's internals: a Latin-script block gets exactly what the
    # library's public detect_langs says of it (seeded). Real text in 32 languages
    # (benchmarks/langid_data), the first SAMPLE_CHARS characters a block is read on.
    import json
    from pathlib import Path

    import langdetect

    from locaudit.extract.language import (
        BLOCK_MIN_PROB,
        SAMPLE_CHARS,
        label_blocks,
        script_language,
    )

    data = Path(__file__).parents[1] / "benchmarks" / "langid_data"
    samples = [row["text"] for name in ("udhr.json", "help.json")
               for row in json.loads((data / name).read_text(encoding="utf-8"))]
    assert len(samples) == 251 + 27  # UDHR extracts + help paragraphs
    compared = 0
    for text in samples:
        [block] = label_blocks([text], "langdetect") or [None]
        if block is None or script_language(text) != (None, True):
            continue
        best = langdetect.detect_langs(text[:SAMPLE_CHARS])[0]
        expected = from_langdetect(best.lang) if best.prob >= BLOCK_MIN_PROB else None
        assert block.language == expected, text[:60]
        compared += 1
    assert compared >= 150


def test_scripts_settle_their_languages_before_any_statistics() -> None:
    from locaudit.extract.language import script_language

    samples = {"th": "การตั้งค่ารหัสผ่านใหม่ทำได้จากหน้าการตั้งค่าบัญชีของคุณ",
               "ka": "პაროლის შესაცვლელად გახსენით ანგარიშის პარამეტრები",
               "hy": "Գաղտնաբառը փոխելու համար բացեք հաշվի կարգավորումները",
               "el": "Για να αλλάξετε τον κωδικό πρόσβασης, ανοίξτε τις ρυθμίσεις",
               "he": "כדי לשנות את הסיסמה, פתחו את הגדרות החשבון",
               "km": "ដើម្បីកំណត់ពាក្យសម្ងាត់ថ្មី សូមបើកទំព័រការកំណត់",
               "ko": "비밀번호를 바꾸려면 계정 설정을 여세요",
               "ja": "パスワードを変更するには、アカウント設定を開きます",
               "zh-Hans": "Kubernetes API Server 通过 Pod 和 Node 上的 kubelet 进行通信，这个"}
    for language, text in samples.items():
        assert script_language(text) == (language, False), language
    # A script no rule and no detector here knows (Tifinagh): unknown, never a guess.
    assert script_language("ⴰⵎⴰⵡⴰⵍ ⵏ ⵓⵣⵔⴰⵢ ⵉⵜⵜⵓⵙⵏⴼⵍⵏ ⵙⴳ ⵜⵙⵏⵜⵉⵍⵜ") == (None, False)
    assert script_language("Open the settings page") == (None, True)
