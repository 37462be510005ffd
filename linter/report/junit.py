"""JUnit XML for test tabs (Azure DevOps PublishTestResults@2, GitLab, Jenkins).

One <testsuite> per linted file. Each finding is a <testcase> named by what it is about, not where it is
(test history in Azure DevOps follows names, and line numbers shift): `RULE-ID resource-type/name
property.path`, copy instances by their iteration, a later duplicate numbered `(2)`. Findings at or above
--fail-on are <failure>s, lower ones pass with the message in <system-out>. A file without findings has
one passing testcase, so clean files show up as passed. Characters XML 1.0 forbids (control characters a
template may hold) are written as `\\xNN`/`\\uNNNN` text, so the document stays well-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..engine import Report
from ..findings import Finding


# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_FORBIDDEN = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with each character XML forbids written as a visible escape."""
    return _FORBIDDEN.sub(lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}", text)


def case_name(finding: Finding) -> str:
    """Rule, resource and property path: stable when lines move, distinct for copy instances."""
    parts = [finding.rule_id]
    if finding.resource_type:
        parts.append(f"{finding.resource_type}/{finding.resource_name}" + (f" [{finding.resource_key}]" if finding.resource_key else ""))
    if finding.property_path:
        parts.append(finding.property_path)
    elif not finding.resource_type or finding.rule_id.startswith("LINT-"):
        parts.append(finding.message)
    return " ".join(parts)


def _testcase(finding: Finding, failing: bool, name: str) -> ET.Element:
    location = finding.location
    path = xml_safe(location.path)
    case = ET.Element("testcase", {"classname": path, "name": xml_safe(name), "file": path, "line": str(location.line), "time": "0"})
    text = xml_safe(f"{location.path}:{location.line}:{location.column}: {finding.severity.value} {finding.rule_id} {finding.message}")
    if failing:
        failure = ET.SubElement(case, "failure", {"message": xml_safe(finding.message), "type": finding.severity.value})
        failure.text = text
    else:
        ET.SubElement(case, "system-out").text = text
    return case


def _unique_names(findings: list[Finding]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for finding in findings:
        name = case_name(finding)
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def render(report: Report, **_: object) -> str:
    threshold = report.config.fail_on.rank
    root = ET.Element("testsuites", {"name": "vmss-lint"})
    total = failures = 0
    for result in report.files:
        findings = [finding for finding in result.findings if not finding.suppressed]
        shown = xml_safe(result.path)
        suite = ET.SubElement(root, "testsuite", {"name": shown})
        cases = [_testcase(finding, finding.severity.rank >= threshold, name) for finding, name in zip(findings, _unique_names(findings))]
        if not cases:
            cases = [ET.Element("testcase", {"classname": shown, "name": "vmss-lint", "file": shown, "time": "0"})]
        suite_failures = sum(1 for case in cases if case.find("failure") is not None)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        suite.extend(cases)
        total += len(cases)
        failures += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
