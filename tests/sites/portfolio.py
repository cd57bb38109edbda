"""A portfolio of small generated help centers for survey tests: site i offers a pattern of
locales with a known number of translated articles, so every site's languages and depths
are known from the generator, not from an audit."""

from __future__ import annotations

from locaudit.demo.helpcenter import HelpCenter, State

ARTICLES = 6
_TARGETS = ("de", "fr", "ja", "es", "pt")


def portfolio(count: int) -> dict[str, HelpCenter]:
    """`count` help centers: site i offers targets i % 4 of de fr ja es pt (rotating), the
    k-th of them with (i + k) % ARTICLES + 1 articles translated."""
    sites = {}
    for i in range(count):
        targets = [_TARGETS[(i + k) % len(_TARGETS)] for k in range(i % 4)]
        translated = {loc: (i + k) % ARTICLES + 1 for k, loc in enumerate(targets)}
        states = {(a, loc): State.TRANSLATED for loc, n in translated.items()
                  for a in range(n)}
        sites[f"site{i:02d}"] = HelpCenter(
            name=f"site{i:02d}", locales={"en-us": "en", **{t: t for t in targets}},
            articles=ARTICLES, states=states, sections=1)
    return sites


def truth(hc: HelpCenter) -> dict[str, float]:
    """language -> depth, from the spec: the source at 1, each target at translated/ARTICLES."""
    depths = {"en": 1.0}
    for loc in hc.locales:
        if loc != hc.source:
            depths[loc] = sum(1 for (_, l2) in hc.states if l2 == loc) / hc.articles
    return depths
