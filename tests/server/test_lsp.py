"""`vmss-lint server` end to end: a real LSP client (pytest-lsp) talks to the server in a subprocess."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "rules"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "vmss_lint.cli", "server"]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    workspace = tmp_path_factory.mktemp("workspace")
    for name in ("bad.json", "bad.bicep"):
        shutil.copy(FIXTURES / "VMSS-FLEX-032" / name, workspace / name)
    lsp_client.workspace_root = workspace  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="workspace")],
        )
    )
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, name: str, text: str | None = None) -> str:
    path = client.workspace_root / name  # type: ignore[attr-defined]
    uri = path.as_uri()
    language = "bicep" if name.endswith(".bicep") else "json"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text if text is not None else path.read_text()),
    ))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["bad.json", "bad.bicep"])
async def test_open_publishes_diagnostics_with_a_fix_and_a_suppression(client: LanguageClient, name: str) -> None:
    uri = await _open(client, name)
    diagnostics = client.diagnostics[uri]
    assert [diagnostic.code for diagnostic in diagnostics] == ["VMSS-FLEX-032"]
    diagnostic = diagnostics[0]
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.source == "vmss-lint"

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]),
    ))
    titles = [action.title for action in actions]
    assert titles == ["Remove `overprovision` (VMSS-FLEX-032)", "Suppress VMSS-FLEX-032 on this line (with a reason)"]
    suppress = actions[1].edit.changes[uri][0]
    assert suppress.new_text.strip().startswith("// vmss-lint-disable-next-line VMSS-FLEX-032 -- ")
    assert actions[0].edit.changes[uri]


@pytest.mark.asyncio
async def test_unsaved_changes_are_linted_and_the_fix_applies(client: LanguageClient) -> None:
    uri = await _open(client, "bad.bicep")
    diagnostic = client.diagnostics[uri][0]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]),
    ))
    edits = actions[0].edit.changes[uri]
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text) for edit in reversed(edits)],
    ))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert not client.diagnostics[uri]


@pytest.mark.asyncio
async def test_hover_shows_the_rule_page(client: LanguageClient) -> None:
    uri = await _open(client, "bad.json")
    diagnostic = client.diagnostics[uri][0]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=diagnostic.range.start,
    ))
    assert hover is not None
    assert "VMSS-FLEX-032" in hover.contents.value and "flexible-overprovision" in hover.contents.value


@pytest.mark.asyncio
async def test_a_broken_document_gets_a_diagnostic_and_the_server_goes_on(client: LanguageClient) -> None:
    broken = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [ {] }'
    uri = await _open(client, "new.json", broken)
    assert [diagnostic.code for diagnostic in client.diagnostics[uri]] == ["LINT-001"]
    uri = await _open(client, "bad.json")
    assert [diagnostic.code for diagnostic in client.diagnostics[uri]] == ["VMSS-FLEX-032"]


@pytest.mark.asyncio
async def test_related_locations_become_related_information(client: LanguageClient) -> None:
    text = (FIXTURES / "VMSS-FLEX-032" / "bad.bicep").read_text()
    text = "param overprovisioning bool = true\n" + text.replace("overprovision: true", "overprovision: overprovisioning")
    uri = await _open(client, "related.bicep", text)
    diagnostic = client.diagnostics[uri][0]
    assert diagnostic.related_information
    assert diagnostic.related_information[0].location.range.start.line == 0


@pytest.mark.asyncio
async def test_the_clients_settings_apply(client: LanguageClient) -> None:
    uri = await _open(client, "bad.json")
    assert [diagnostic.code for diagnostic in client.diagnostics[uri]] == ["VMSS-FLEX-032"]
    client.set_configuration({"ignore": ["VMSS-FLEX-032"]}, section="vmss-lint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # open documents are linted again
    assert not client.diagnostics[uri]
