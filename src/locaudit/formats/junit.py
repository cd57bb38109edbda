"""JUnit XML for CI dashboards: a test case per gate and per locale. A failed gate's text
says what changed since the baseline, when the report knows it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from locaudit.formats.changes import text_lines
from locaudit.formats.gate_text import gate_values
from locaudit.models import GateResult, Report


def format(report: Report) -> str:
    suites = ET.Element("testsuites", name="locaudit")
    gates = ET.SubElement(suites, "testsuite", name="locaudit.gates",
                          tests=str(len(report.gates)),
                          failures=str(sum(not g.passed for g in report.gates)))
    for gate in report.gates:
        case = ET.SubElement(gates, "testcase", classname="locaudit.gates", name=gate.name)
        if not gate.passed:
            ET.SubElement(case, "failure", message=gate.message or "gate failed",
                          type="gate").text = _failure_text(report, gate)
    if report.changes is not None:  # shown by dashboards even when every gate passed
        ET.SubElement(gates, "system-out").text = "\n".join(text_lines(report.changes))
    failed_locales = {g.locale for g in report.gates if not g.passed and g.locale}
    locales = ET.SubElement(suites, "testsuite", name="locaudit.locales",
                            tests=str(len(report.locales)),
                            failures=str(sum(r.locale in failed_locales for r in report.locales)))
    for row in report.locales:
        case = ET.SubElement(locales, "testcase", classname="locaudit.locales", name=row.locale)
        summary = (f"coverage {row.coverage:.1%}, weighted {row.weighted_coverage:.1%}, "
                   f"{row.translated} translated, {row.stale} stale, {row.untranslated} "
                   f"untranslated, {row.missing} missing")
        if row.locale in failed_locales:
            changed = [] if report.changes is None else \
                ["", *text_lines(report.changes, row.locale)]
            ET.SubElement(case, "failure", message=f"{row.locale} failed a gate",
                          type="gate").text = "\n".join([summary, *changed])
        ET.SubElement(case, "system-out").text = summary
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") \
        + "\n"


def _failure_text(report: Report, gate: GateResult) -> str:
    """The gate's values, then what changed since the baseline (of the gate's locale alone
    when it is about one): the articles a reviewer of the failed run looks for."""
    text = "actual {}, threshold {}".format(*gate_values(gate))
    if report.changes is None:
        return text
    return "\n".join([text, "", *text_lines(report.changes, gate.locale)])


def no_result(message: str) -> str:
    """JUnit for a check that could not audit at all (site down, nothing in scope): one
    errored case, so a CI dashboard shows why instead of an empty run."""
    suites = ET.Element("testsuites", name="locaudit")
    suite = ET.SubElement(suites, "testsuite", name="locaudit.gates", tests="1", failures="0",
                          errors="1")
    case = ET.SubElement(suite, "testcase", classname="locaudit.gates", name="audit")
    ET.SubElement(case, "error", message=message, type="no_result").text = message
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") \
        + "\n"
