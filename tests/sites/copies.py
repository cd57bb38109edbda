"""A docs site whose French pages include English pages that are not verbatim copies the old
checks could see: an index page whose own prose is English while its generated listing of
child pages is French, an English page with one paragraph translated, and an older copy of
a long list of events with almost no prose. English source at /docs/{slug}, French at
/fr/docs/{slug}, `<html lang>` only (the site's fallback pages keep the English title and
`lang="fr"`, as a site serving its English mount under /fr/ does). By construction:

  0 guide       fr: the English intro (under the prose minimum), then the listing of its
                children 1 and 2 with their French titles and leads (the same text as those
                pages' h1 and lead): untranslated, a copy of the source (its own prose is
                the English intro, verbatim)
  1 install     fr: translated (h1, lead, two paragraphs)
  2 configure   fr: translated
  3 start       fr: a translated index: French intro, listing of 4 and 5 in French:
                translated, no finding
  4 account     fr: translated
  5 billing     fr: translated
  6 rules       fr: the six English paragraphs with the third one translated: untranslated,
                a copy (the five English paragraphs' letters over all its letters, 80-90%)
  7 events      fr: an older version of the English list of 60 events (the 6 newest
                missing), one English sentence of prose, a French breadcrumb: untranslated,
                a copy (every block but the breadcrumb is the source's)
  8 api         fr: a translated sentence, then the same 40 API names as the source:
                translated (names are no evidence of a copy)
  fr: 6 translated, 3 untranslated, 0 missing.
"""

from __future__ import annotations

import html

from locaudit.demo.server import Resource, Site
from tests.sites.prose import paragraph

SLUGS = ("guide", "install", "configure", "start", "account", "billing", "rules", "events",
         "api")
CHILDREN = {0: (1, 2), 3: (4, 5)}
TITLES = {"en": ("Guide", "Install the agent", "Configure the agent", "Get started",
                 "Your account", "Billing", "rules", "Events", "API"),
          "fr": ("Guide", "Installer l'agent", "Configurer l'agent", "Premiers pas",
                 "Votre compte", "Facturation", "rules", "Events", "API")}
LEADS = {
    "en": {1: "Download the agent for your platform and start it with the default settings.",
           2: "Change how often the agent reports and which data it leaves out of reports.",
           4: "Manage the members of your workspace and the email address of your account.",
           5: "See your invoices, change your plan and update your payment details."},
    "fr": {1: "Téléchargez l'agent pour votre plateforme et démarrez-le avec les réglages "
              "par défaut.",
           2: "Modifiez la fréquence des rapports de l'agent et les données qu'il en exclut.",
           4: "Gérez les membres de votre espace de travail et l'adresse e-mail de votre "
              "compte.",
           5: "Consultez vos factures, changez d'offre et mettez à jour vos informations de "
              "paiement."},
}
GUIDE_INTRO = "This section explains how to install the agent and how to set it up."
START_INTRO_FR = "Cette section présente votre compte et la facturation de votre espace."
RULES_EN = [paragraph("en", s, 5) for s in range(6)]
RULES_FR_THIRD = paragraph("fr", 2, 5)
EVENTS_INTRO = "Do you know of a local meetup? Add it here and keep the list in date order."
CITIES = ("Paris, France", "Berlin, Germany", "Oslo, Norway", "Lisbon, Portugal",
          "Madrid, Spain", "Rome, Italy", "Vienna, Austria", "Prague, Czechia",
          "Warsaw, Poland", "Dublin, Ireland")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
API_NAMES = tuple(f"{verb.title()} {noun.title()}" for verb in ("create", "read", "update",
                                                                 "delete")
                  for noun in ("Agent", "Report", "Member", "Invoice", "Plan", "Token",
                               "Webhook", "Project", "Label", "Export"))
API_INTRO = {"en": "Every endpoint of the public interface, grouped by what it changes.",
             "fr": "Tous les points d'accès de l'interface publique, regroupés par usage."}


def events(newest: int) -> str:
    """The events list from event `newest` down to event 0, newest first. One event in ten
    was hybrid: its date line ("... + remote (hybrid event)") reads as prose; the others are
    names and dates."""
    out = []
    for i in range(newest, -1, -1):
        city = CITIES[i % len(CITIES)]
        where = f"In-person in {city}" + (" + remote (hybrid event)" if i % 10 == 3 else "")
        out.append(f"<h3>Meetup {city.split(',')[0]} {2020 + i // 12}</h3>"
                   f"<p>{MONTHS[i % 12]} {1 + i % 28}, {2020 + i // 12}. {where}</p>")
    return "".join(out)


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _listing(index: int, locale: str) -> str:
    return "".join(f'<div class="entry"><h5><a href="{url(locale, child)}">'
                   f"{html.escape(TITLES[locale][child])}</a></h5>{_p(LEADS[locale][child])}"
                   "</div>" for child in CHILDREN[index])


def body(index: int, locale: str) -> str:
    lang = "en" if locale == "en" else "fr"
    if index == 0:
        return _p(GUIDE_INTRO) + _listing(0, lang)
    if index == 3:
        return _p(START_INTRO_FR if lang == "fr" else paragraph("en", 3, 1, 2)) + \
            _listing(3, lang)
    if index in LEADS[lang]:
        return (f'<p class="lead">{html.escape(LEADS[lang][index])}</p>'
                + _p(paragraph(lang, index, 1)) + _p(paragraph(lang, index, 3)))
    if index == 6:
        paragraphs = list(RULES_EN)
        if lang == "fr":
            paragraphs[2] = RULES_FR_THIRD
        return "".join(_p(p) for p in paragraphs)
    if index == 7:
        crumb = '<ol class="breadcrumb"><li>Communauté</li></ol>' if lang == "fr" else ""
        return crumb + _p(EVENTS_INTRO) + events(53 if lang == "fr" else 59)
    return _p(API_INTRO[lang]) + "<ul>" + "".join(f"<li>{n}</li>" for n in API_NAMES) + \
        "</ul>"


def url(locale: str, index: int) -> str:
    return f"{'' if locale == 'en' else '/fr'}/docs/{SLUGS[index]}"


def build_site(base_url: str) -> Site:
    site: dict[str, Resource] = {"/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                                         headers={"Content-Type": "text/plain"})}
    pages = [(locale, i) for locale in ("en", "fr") for i in range(len(SLUGS))]
    nav = "".join(f'<li><a href="{url(loc, i)}">{loc} {SLUGS[i]}</a></li>' for loc, i in pages)
    for locale, index in pages:
        title = TITLES["en" if index in (0, 6, 7) else locale][index]
        site[url(locale, index)] = Resource(
            f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body>"
            f"<nav><ul>{nav}</ul></nav><main><h1>{html.escape(title)}</h1>"
            f"{body(index, locale)}</main><footer>Docs</footer></body></html>")
    site["/"] = Resource(f'<!doctype html><html lang="en"><body><nav><ul>{nav}</ul></nav>'
                         "</body></html>")
    return site
