"""JUnit XML for test tabs (Azure DevOps PublishTestResults@2, GitLab, Jenkins).

One <testsuite> per linted file. Each finding is a <testcase> named `RULE-ID at line:col`; findings at or
above --fail-on are <failure>s, lower ones pass with the message in <system-out>. A file without findings
has one passing testcase, so clean files show up as passed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..engine import Report
from ..findings import Finding


def _testcase(finding: Finding, failing: bool) -> ET.Element:
    location = finding.location
    case = ET.Element("testcase", {"classname": location.path, "name": f"{finding.rule_id} at {location.line}:{location.column}", "file": location.path, "line": str(location.line), "time": "0"})
    text = f"{location.path}:{location.line}:{location.column}: {finding.severity.value} {finding.rule_id} {finding.message}"
    if failing:
        failure = ET.SubElement(case, "failure", {"message": finding.message, "type": finding.severity.value})
        failure.text = text
    else:
        ET.SubElement(case, "system-out").text = text
    return case


def render(report: Report, **_: object) -> str:
    threshold = report.config.fail_on.rank
    root = ET.Element("testsuites", {"name": "vmss-lint"})
    total = failures = 0
    for result in report.files:
        findings = [finding for finding in result.findings if not finding.suppressed]
        suite = ET.SubElement(root, "testsuite", {"name": result.path})
        cases = [_testcase(finding, finding.severity.rank >= threshold) for finding in findings]
        if not cases:
            cases = [ET.Element("testcase", {"classname": result.path, "name": "vmss-lint", "file": result.path, "time": "0"})]
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
