"""`vmss-lint server`: the Language Server Protocol over stdio, on pygls.

Diagnostics on open, on change (debounced: the last keystroke of a burst lints) and on save; code actions
from the findings' fixes and "suppress with reason"; hover on a finding shows its rule page.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..findings import Finding
from .convert import fix_edit, suppression_edit, to_diagnostic
from .linting import SUFFIXES, DocumentLinter

DEBOUNCE_SECONDS = 0.15
SECTION = "vmss-lint"


class VmssLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("vmss-lint", __version__)
        self.linter: DocumentLinter | None = None
        self.findings: dict[str, list[Finding]] = {}  # uri -> the findings last published
        self.pending: dict[str, asyncio.Task[None]] = {}

    def get_linter(self) -> DocumentLinter:
        if self.linter is None:
            self.linter = DocumentLinter()
        return self.linter

    def lint_now(self, uri: str) -> None:
        path_text = to_fs_path(uri)
        if path_text is None or not path_text.lower().endswith(SUFFIXES):
            return
        document = self.workspace.get_text_document(uri)
        findings = self.get_linter().lint(Path(path_text), document.source)
        self.findings[uri] = findings
        diagnostics = [to_diagnostic(finding, _uri) for finding in findings]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))

    def lint_later(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._debounced(uri))

    async def _debounced(self, uri: str) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        self.pending.pop(uri, None)
        self.lint_now(uri)

    async def read_settings(self) -> None:
        """The client's `vmss-lint` section (profile, select, ignore, showUnknown), when it offers one."""
        capabilities = self.client_capabilities.workspace
        if capabilities is None or not capabilities.configuration:
            return
        try:
            answer = await self.workspace_configuration_async(types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)]))
        except Exception:  # a client that cannot answer keeps the configuration files' settings
            return
        settings = answer[0] if answer else None
        self.get_linter().settings = settings if isinstance(settings, dict) else {}


def _uri(path: str) -> str:
    return from_fs_path(str(Path(path).resolve())) or path


def create_server() -> VmssLintServer:
    server = VmssLintServer()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: VmssLintServer, params: types.InitializedParams) -> None:
        folders = ls.workspace.folders.values()
        ls.get_linter().roots = [Path(path) for path in (to_fs_path(folder.uri) for folder in folders) if path]
        if not ls.get_linter().roots and ls.workspace.root_path:
            ls.get_linter().roots = [Path(ls.workspace.root_path)]
        await ls.read_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def configuration_changed(ls: VmssLintServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings.get(SECTION) if isinstance(params.settings, dict) else None
        if isinstance(settings, dict):
            ls.get_linter().settings = settings
        else:
            await ls.read_settings()
        for uri in list(ls.findings):
            ls.lint_now(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: VmssLintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: VmssLintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: VmssLintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: VmssLintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.findings.pop(uri, None)
        path = to_fs_path(uri)
        if path is not None:
            ls.get_linter().close(Path(path))
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
    )
    def code_action(ls: VmssLintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        newline = "\r\n" if "\r\n" in document.source else "\n"
        actions: list[types.CodeAction] = []
        for finding in _touching(ls.findings.get(uri, []), params.range):
            diagnostic = to_diagnostic(finding, _uri)
            if finding.fix is not None and finding.fix.edits:
                label = "" if finding.fix.safe else " (unsafe)"
                actions.append(types.CodeAction(
                    title=f"{finding.fix.title}{label} ({finding.rule_id})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=fix_edit(finding.fix, _uri),
                    is_preferred=finding.fix.safe,
                ))
            line_index = finding.location.line - 1
            line_text = document.lines[line_index] if line_index < len(document.lines) else ""
            actions.append(types.CodeAction(
                title=f"Suppress {finding.rule_id} on this line (with a reason)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=suppression_edit(finding, line_text.rstrip("\r\n"), uri, newline),
            ))
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: VmssLintServer, params: types.HoverParams) -> types.Hover | None:
        position = params.position
        point = types.Range(start=position, end=position)
        pages = [_rule_page(ls.get_linter(), finding) for finding in _touching(ls.findings.get(params.text_document.uri, []), point)]
        pages_shown: list[str] = list(dict.fromkeys(page for page in pages if page))
        if not pages_shown:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(pages_shown)))

    return server


def _touching(findings: list[Finding], span: types.Range) -> list[Finding]:
    """The findings whose range meets `span` (LSP positions, 0-based)."""
    start = (span.start.line + 1, span.start.character + 1)
    end = (span.end.line + 1, span.end.character + 1)
    return [
        finding for finding in findings
        if (finding.location.line, finding.location.column) <= end and start <= (finding.location.end_line, finding.location.end_column)
    ]


def _rule_page(linter: DocumentLinter, finding: Finding) -> str | None:
    """The rule's documentation page (the generated page that ships with vmss-lint), or a LINT code's summary."""
    from ..diagnostics import CODES
    from ..report.rule_help import help_markdown

    meta = linter.registry.meta(finding.rule_id)
    if meta is not None:
        return help_markdown(meta)
    code = CODES.get(finding.rule_id)
    return f"**{code.id} {code.name}** ({code.severity})\n\n{code.summary}" if code is not None else None


def run(**_: Any) -> None:
    create_server().start_io()
