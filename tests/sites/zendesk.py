"""A small Zendesk Guide-style help center: en-us source, de, fr, ja; localized slugs,
hreflang on every article, a sitemap and robots.txt.

12 articles (ids 360001000..360001011). By construction:
  de: articles 0-8 translated; /hc/de/ URL of article 10 redirects (302) to the en-us
      article (a locale redirect: missing)          -> 9 translated, 3 missing
  fr: articles 0-5 translated                       -> 6 translated, 6 missing
  ja: articles 0-3 translated, article 4 published with its English text under /hc/ja/
                                                    -> 4 translated, 1 untranslated, 7 missing
No stale pairs: every translation carries its source's modified date.
"""

from __future__ import annotations

from locaudit.demo.helpcenter import HelpCenter, State, build
from locaudit.demo.server import Site

STATES = {(i, "de"): State.TRANSLATED for i in range(9)}
STATES.update({(i, "fr"): State.TRANSLATED for i in range(6)})
STATES.update({(i, "ja"): State.TRANSLATED for i in range(4)})
STATES[(4, "ja")] = State.ENGLISH
STATES[(10, "de")] = State.REDIRECT

ZENDESK = HelpCenter(name="Zendesk fixture", articles=12, states=STATES, sections=3,
                     locales={"en-us": "en", "de": "de", "fr": "fr", "ja": "ja"})


def build_site(base_url: str) -> Site:
    return build(ZENDESK, base_url)
