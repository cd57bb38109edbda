"""A docs site whose translations carry what real docs sites put around their prose:
English chrome inside <main>, code, Latin product names in Chinese, a script no statistical
detector knows. English source at /docs/{slug}, translations at /{de,zh-cn,km}/docs/{slug},
`<html lang>` only.

Every de page starts with the same English notice and feedback widget, and a "Last
modified <date>: <commit message>" line that differs per page but starts alike: the site's
chrome, learnt by repetition (5 de pages). By construction:

  0 short-notice  de: 2 German sentences (under the prose minimum once the chrome is
                  left out): unknown, counted as translated, no finding
  1 long-notice   de: ~750 characters of English chrome, then long German prose
                  (the old first-1,000-characters sample was mostly English): translated,
                  target_share 1
  2 code-heavy    zh-cn: short Chinese paragraphs between long YAML and shell blocks and
                  inline code: translated, target_share 1
  3 latin-dense   zh-cn: Chinese prose where Latin product names outnumber Han characters
                  as letters (not as words): translated, target_share 1
  4 khmer         km: Khmer prose (no statistical detector here knows Khmer): translated
  5 fallback      de: the English page under /de/: untranslated_content
  6 half          de: two German paragraphs, two English ones: partial_translation,
                  target_share = German letters / (German + English letters)
  7 credits       de: a German line, then names: unknown, counted as translated
  8 slides        en: a title and a 3-word line, no prose
  fr: the English pages 0, 1, 2 and 8 behind the site's own notice in French ("you are
  viewing the English version"): 0-2 untranslated by their language, 8 (no prose at all)
  by that notice, which only verbatim copies of their source carry.
  de: 4 translated, 1 untranslated, 4 missing; zh-CN: 2 translated, 7 missing;
  km: 1 translated, 8 missing; fr: 4 untranslated, 5 missing.
"""

from __future__ import annotations

import html

from locaudit.demo import texts
from locaudit.demo.server import Resource, Site

SLUGS = ("short-notice", "long-notice", "code-heavy", "latin-dense", "khmer", "fallback",
         "half", "credits", "slides")
TRANSLATED = {"de": (0, 1, 5, 6, 7), "zh-CN": (2, 3), "km": (4,), "fr": (0, 1, 2, 8)}
PREFIX = {"de": "de", "zh-CN": "zh-cn", "km": "km", "fr": "fr"}
FR_BANNER = ("Vous consultez la version anglaise de cette page, car elle n'a pas encore été "
             "entièrement traduite. Vous souhaitez aider ? Consultez la page des contributions.")

NOTICE = ("This page is outdated compared to the English version: the English page was "
          "updated after this translation. Help us keep it current by sending a pull request "
          "with the updated translation.")
FEEDBACK = ("Was this page helpful? Thank you for your feedback! If you have a specific "
            "question about how to use the product, ask it in the community forum.")
BEFORE = ("You need to have a cluster, and the command-line tool must be configured to "
          "communicate with your cluster. It is recommended to run this tutorial on a "
          "cluster with at least two nodes that are not acting as control plane hosts. If "
          "you do not already have a cluster, you can create one by using the local "
          "installer, or you can use one of the playgrounds listed on the download page.")
COMMITS = ("Fix typo in the configuration reference", "Update links to the release notes",
           "Clarify the upgrade steps for older clusters", "Add a missing note on quotas",
           "Reword the introduction of the tutorial")


def paragraph(lang: str, start: int, step: int, count: int = 4) -> str:
    """`count` sentences of the demo's bank, picked so no two paragraphs here are alike."""
    bank = texts.SENTENCES[lang]
    return " ".join(bank[(start + k * step) % len(bank)] for k in range(count))


SHORT_DE = "Diese Seite erklärt die Grundlagen. Lesen Sie zuerst die Einführung."
LONG_DE = [paragraph("de", s, 3) for s in range(0, 12, 2)]
FALLBACK_EN = [paragraph("en", s, 5) for s in range(0, 10, 3)]
HALF_DE = [paragraph("de", s, 5) for s in (1, 6)]
HALF_EN = [paragraph("en", s, 3) for s in (2, 9)]
CREDITS_DE = "Dieses Projekt gibt es dank dieser Menschen:"
NAMES = ("Alice Brown", "Bob Green", "Carol White", "Dan Black", "Erin Gray", "Frank Stone",
         "Grace Hill", "Hugo Lane", "Ivy Moore", "Jack Reed", "Kate Ward", "Liam Young",
         "Mia Scott", "Noah King", "Olga Price", "Paul Fox", "Quinn Hart", "Rosa Diaz",
         "Sam Ortiz", "Tina Shaw", "Uma Patel", "Victor Hale", "Wendy Cruz", "Xavier Bell")

ZH_CODE_PARAS = (
    "很多应用在初始化或运行期间要依赖一些配置信息。大多数时候，需要对配置参数进行调整。",
    "使用下面的命令创建配置对象，然后检查它的内容是否正确。",
    "创建完成以后，可以在容器的环境变量中引用这些值，也可以把它们挂载为卷中的文件。",
    "如果配置发生了变化，已经挂载的文件会自动更新，但是环境变量不会更新，需要重新启动容器。",
)
YAML = """apiVersion: v1
kind: ConfigMap
# The game configuration below is read by the frontend when a player starts a new game,
# and every key can be overridden with an environment variable of the same name.
metadata:
  name: game-demo
  namespace: default
  labels:
    app.kubernetes.io/name: game-demo
    app.kubernetes.io/component: configuration
data:
  player_initial_lives: "3"
  ui_properties_file_name: "user-interface.properties"
  game.properties: |
    enemy.types=aliens,monsters
    player.maximum-lives=5
    secret.code.allowed=true
    secret.code.lives=30
  user-interface.properties: |
    color.good=purple
    color.bad=yellow
    allow.textmode=true
    how.nice.to.look=fairlyNice
"""
SHELL = """$ kubectl create configmap game-config --from-file=configure-pod-container/configmap/
configmap/game-config created
$ kubectl describe configmaps game-config
Name:         game-config
Namespace:    default
Labels:       <none>
Annotations:  <none>
Data
====
game.properties:
----
enemies=aliens
lives=3
enemies.cheat=true
enemies.cheat.level=noGoodRotten
"""
ZH_LATIN = (
    "Kubernetes API Server 验证并配置 API objects 的数据，包括 Pods、Services、"
    "ReplicationControllers 等等。",
    "Controller Manager 通过 API Server 监控 cluster 的 shared state，并且尝试把 "
    "current state 变成 desired state。",
    "Scheduler 根据 resource requirements、hardware constraints 和 affinity "
    "specifications 为新建的 Pods 选择 Node。",
    "kubelet 在每个 Node 上运行，确保 PodSpec 中描述的 containers 处于 running 和 "
    "healthy 状态。",
)
KHMER = (
    "មនុស្សទាំងអស់កើតមកមានសេរីភាព និងសមភាពក្នុងផ្នែកសេចក្តីថ្លៃថ្នូរ និងសិទ្ធិ។ "
    "មនុស្សគ្រប់រូបសុទ្ធតែមានវិចារណញ្ញាណ និងសតិសម្បជញ្ញៈ ហើយត្រូវប្រព្រឹត្តចំពោះគ្នាទៅវិញទៅមក "
    "ក្នុងស្មារតីភាតរភាព។",
    "ដើម្បីកំណត់ពាក្យសម្ងាត់ថ្មី សូមបើកទំព័រការកំណត់ពីម៉ឺនុយនៅជ្រុងខាងលើខាងស្តាំ "
    "ហើយចុចលើប៊ូតុងប្តូរពាក្យសម្ងាត់។ យើងនឹងផ្ញើអ៊ីមែលបញ្ជាក់ភ្លាមៗ នៅពេលការផ្លាស់ប្តូររួចរាល់។",
)


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _chrome(index: int) -> str:
    """The de pages' chrome: the same notice and widget, a per-page "Last modified"."""
    return (f'<div class="alert alert-warning">{_p(NOTICE)}</div>'
            f'<div class="feedback">{_p(FEEDBACK)}</div>'
            f'<div class="lastmod">Last modified March {index + 3}, 2024: '
            f"{COMMITS[index % len(COMMITS)]} (a1b2c{index}d)</div>")


def body(index: int, locale: str) -> str:
    if locale == "fr":
        return f'<div class="alert">{_p(FR_BANNER)}</div>' + body(index, "en")
    if locale == "en" and index == 8:
        return _p("Slides and videos")
    if locale == "en":
        return "".join(_p(p) for p in (FALLBACK_EN if index == 5 else
                                       [paragraph("en", index, 1), paragraph("en", index, 3)]))
    if locale == "zh-CN":
        if index == 2:
            return (_p(ZH_CODE_PARAS[0]) + '<div class="language-yaml"><pre><code>'
                    f"{html.escape(YAML)}</code></pre></div>"
                    + f"<p>{ZH_CODE_PARAS[1]} <code>kubectl get configmap game-demo -o yaml"
                    "</code></p>" + f'<div class="highlight"><pre>{html.escape(SHELL)}</pre>'
                    "</div>" + _p(ZH_CODE_PARAS[2]) + f"<pre>{html.escape(YAML)}</pre>"
                    + _p(ZH_CODE_PARAS[3]))
        return "".join(_p(p) for p in ZH_LATIN)
    if locale == "km":
        return "".join(_p(p) for p in KHMER)
    chrome = _chrome(index)
    if index == 0:
        return chrome + _p(SHORT_DE)
    if index == 1:
        return chrome + _p(BEFORE) + "".join(_p(p) for p in LONG_DE)
    if index == 5:
        return chrome + "".join(_p(p) for p in FALLBACK_EN)
    if index == 6:
        return chrome + "".join(_p(p) for p in (HALF_DE[0], HALF_EN[0], HALF_DE[1],
                                                HALF_EN[1]))
    names = "".join(f"<li>{n}</li>" for n in NAMES)
    return chrome + _p(CREDITS_DE) + f"<ul>{names}</ul>" + _p(", ".join(NAMES))


def url(locale: str, index: int) -> str:
    prefix = "" if locale == "en" else f"/{PREFIX[locale]}"
    return f"{prefix}/docs/{SLUGS[index]}"


def build_site(base_url: str) -> Site:
    site: dict[str, Resource] = {"/robots.txt": Resource("User-agent: *\nAllow: /\n",
                                                         headers={"Content-Type": "text/plain"})}
    pages = {("en", i) for i in range(len(SLUGS))}
    pages |= {(loc, i) for loc, done in TRANSLATED.items() for i in done}
    nav = "".join(f'<li><a href="{url(loc, i)}">{loc} {SLUGS[i]}</a></li>'
                  for loc, i in sorted(pages))
    for locale, index in sorted(pages):
        lang = "en" if locale == "en" else locale
        site[url(locale, index)] = Resource(
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{SLUGS[index]}</title></head><body>"
            f'<nav><ul>{nav}</ul></nav><main><h1>{SLUGS[index]}</h1>'
            f"{body(index, locale)}</main><footer>Docs</footer></body></html>")
    site["/"] = Resource(f'<!doctype html><html lang="en"><body><nav><ul>{nav}</ul></nav>'
                         "</body></html>")
    return site
