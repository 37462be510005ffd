"""The scope a template's evaluation runs in: the interpreter of scope.py with JSON-node evaluation and
copy loops (copy.py) and `reference()` to declared resources (declared.py) plugged in.

scope.py knows neither module, so the three do not import each other: copy.py and declared.py build on
scope.py, and this class puts them together.
"""

from __future__ import annotations

from typing import Any

from .copy import evaluate_node, expand_copy_array
from .declared import DeclaredResources
from .reader import JsonNode, JsonObject
from .scope import Frame, Scope


class TemplateScope(Scope):
    declared: DeclaredResources | None

    def value(self, node: JsonNode, frame: Frame) -> Any:
        return evaluate_node(self, node, frame, None, ())

    def expand_copy(self, element: JsonObject, frame: Frame) -> Any:
        return expand_copy_array(self, element, frame)

    def declared_resources(self, template: JsonObject) -> DeclaredResources:
        if self.declared is None:
            self.declared = DeclaredResources(self, template)
        return self.declared
