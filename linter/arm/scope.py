"""The interpreter: one template scope (parameters, variables, user functions) evaluating JSON nodes and
expressions to values, recording which parameters and variables each value read.

A value that cannot be computed is `Unknown`; an expression that is wrong or unsupported degrades that
one value to Unknown with a LINT-004 note. Variables and parameter defaults are evaluated lazily, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import diagnostics
from ..budget import WorkBudget
from ..functions import EvaluationError, FunctionContext, Lambda, UnsupportedFunction, ValueTooLarge, call
from ..functions.base import MAX_FUNCTION_CALLS, MAX_VALUE_SIZE, value_size
from ..functions.deployed import DeclaredObject, holds_declared_object
from ..model import Deployment, Diagnostic, Related
from ..source import Location, SourceFile
from ..values import Unknown, lookup_key
from .expressions import Call, Index, Literal, Member, Node, parse_template_string
from .reader import JsonArray, JsonNode, JsonObject, JsonScalar


class DeclaredLookup(Protocol):
    """`reference()` answered from the resources a template declares (declared.DeclaredResources)."""

    def reference(self, target: str, api_version: Any, full: bool) -> Any: ...


class LimitReached(Exception):
    """A bound (recursion, cycles) was hit; the value becomes Unknown and a LINT-005 is reported."""


@dataclass
class Reads:
    """What a value was computed from: related places (parameters, variables) and top-level parameters.

    This is the one record of what a value read (`Scope.collect` listens while a value is computed): the
    related places are its provenance in the model, the parameters say which allowed-value parameters decide
    an inspected resource (evaluator.py) and what an allowed-value variant must evaluate anew (variant_reuse.py).
    """

    related: dict[tuple[str, str], Related] = field(default_factory=dict)
    parameters: set[str] = field(default_factory=set)  # case-folded names of the main template's parameters

    def merge(self, other: Reads) -> None:
        self.related.update(other.related)
        self.parameters |= other.parameters


@dataclass(frozen=True)
class Frame:
    """Per-evaluation position: active copy loops (innermost last) and lambda variables."""

    copies: tuple[tuple[str, Any], ...] = ()
    lambdas: tuple[tuple[str, Any], ...] = ()

    def with_copy(self, name: str, index: Any) -> Frame:
        return Frame(self.copies + ((name.casefold(), index),), self.lambdas)


@dataclass
class Run:
    """State shared by every scope of one evaluation: the deployment being built and the bounds."""

    deployment: Deployment
    max_depth: int
    depth: int = 0
    readers: list[Reads] = field(default_factory=list)
    reported: set[tuple[str, Location]] = field(default_factory=set)
    spans: dict[tuple[str, int, int], Location] = field(default_factory=dict)  # shared by re-evaluations
    copy_iterations: int = 0  # of every copy loop so far (bounded by copy.MAX_COPY_ITERATIONS)
    expanded: int = 0  # expanded size of the resource bodies so far (bounded by evaluator.MAX_EXPANDED_SIZE)
    read_declared: bool = False  # a reference() has read a resource of the template (see functions.deployed)
    function_calls: int = 0  # user-defined function calls so far (bounded by MAX_FUNCTION_CALLS)
    label: str | None = None  # the iteration of the nested deployment being evaluated ("copy 'x' index 1")
    outputs: dict[str, Any] = field(default_factory=dict)  # nested deployment (busy key) -> its evaluated outputs (the caller's store)
    budget: WorkBudget = field(default_factory=WorkBudget)  # the linted file's, shared by its evaluations
    linked_chain: list[Any] = field(default_factory=list)  # resolved linked-template files being evaluated
    # linked-template path -> (why it is refused, or None; its resolved path): a loop of 800 module instances
    # checks its file once, not 800 times
    linked_files: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    def note(self, code: str, message: str, location: Location) -> None:
        key = (message, location)
        if key in self.reported:
            return
        self.reported.add(key)
        target = self.deployment.notes if code in diagnostics.QUIET_BY_DEFAULT else self.deployment.diagnostics
        target.append(Diagnostic(code, message, location))

    def record(self, key: tuple[str, str], related: Related | None, parameter: str | None = None, nested: Reads | None = None) -> None:
        for reader in self.readers:
            if related is not None:
                reader.related.setdefault(key, related)
            if parameter is not None:
                reader.parameters.add(parameter)
            if nested is not None:
                reader.merge(nested)


@dataclass
class Parameter:
    name: str
    declaration: JsonObject | None
    given: Any = None  # a value from a parameter file, an override or the outer deployment
    has_given: bool = False
    origin: Related | None = None  # where the given value is written
    value: Any = None
    resolved: bool = False
    reads: Reads = field(default_factory=Reads)


class Scope:
    """The parameters, variables and user functions visible to one template's expressions.

    JSON-node evaluation (with copy loops) and the declared resources `reference()` reads are the
    methods `value`, `expand_copy` and `declared_resources`, which template_scope.TemplateScope provides
    (copy.py and declared.py build on this module, so it cannot call them itself).
    """

    def __init__(self, run: Run, source: SourceFile, context: FunctionContext, *, top_level: bool) -> None:
        self.run = run
        self.source = source
        self.context = context
        self.top_level = top_level
        self.parameters: dict[str, Parameter] = {}
        self.variables: dict[str, tuple[str, JsonNode]] = {}
        self.variable_values: dict[str, tuple[Any, Reads]] = {}  # evaluated once; variant_reuse.py seeds what still holds
        self._variable_places: dict[str, tuple[tuple[str, str], Related]] = {}  # what a read of one records
        self.in_progress: set[str] = set()
        self.functions: dict[str, JsonObject] = {}
        self.source_path: Any = None  # the template file on disk (linked templates are relative to it)
        self.template: JsonObject | None = None  # whose resources reference() reads (None: no resources)
        self.declared: DeclaredLookup | None = None  # the resources of `template`, built on the first reference()

    # --- declarations -------------------------------------------------------------------------

    def declare(self, root: JsonObject) -> None:
        self.template = root
        parameters = root.get("parameters")
        if isinstance(parameters, JsonObject):
            for member in parameters.members:
                declaration = member.value if isinstance(member.value, JsonObject) else None
                self.parameters[member.key.casefold()] = Parameter(member.key, declaration)
        variables = root.get("variables")
        if isinstance(variables, JsonObject):
            for member in variables.members:
                if member.key.casefold() == "copy" and isinstance(member.value, JsonArray):
                    for item in member.value.items:
                        name = item.get("name") if isinstance(item, JsonObject) else None
                        if isinstance(name, JsonScalar) and isinstance(name.value, str):
                            self.variables[name.value.casefold()] = (name.value, item)
                    continue
                self.variables[member.key.casefold()] = (member.key, member.value)
        functions = root.get("functions")
        if isinstance(functions, JsonArray):
            for namespace_node in functions.items:
                if not isinstance(namespace_node, JsonObject):
                    continue
                namespace = namespace_node.get("namespace")
                members = namespace_node.get("members")
                if isinstance(namespace, JsonScalar) and isinstance(namespace.value, str) and isinstance(members, JsonObject):
                    for member in members.members:
                        if isinstance(member.value, JsonObject):
                            self.functions[f"{namespace.value}.{member.key}".casefold()] = member.value

    def give(self, name: str, value: Any, origin: Related | None) -> bool:
        """Set a parameter's value (parameter file, override, outer deployment); False if undeclared."""
        parameter = self.parameters.get(name.casefold())
        if parameter is None:
            return False
        parameter.given, parameter.has_given, parameter.origin, parameter.resolved = value, True, origin, False
        return True

    def location(self, node: JsonNode) -> Location:
        return self.span(node.start, node.end)

    def span(self, start: int, end: int) -> Location:
        key = (self.source.path, start, end)
        found = self.run.spans.get(key)
        if found is None:
            found = self.run.spans[key] = self.source.location(start, end)
        return found

    # --- parameters and variables -------------------------------------------------------------

    def parameter(self, name: str) -> Any:
        parameter = self.parameters.get(name.casefold())
        if parameter is None:
            raise EvaluationError(f"the template has no parameter '{name}'")
        key = f"parameter:{parameter.name.casefold()}"
        if not parameter.resolved:
            if key in self.in_progress:
                raise LimitReached(f"the default of parameter '{parameter.name}' refers to itself")
            self.in_progress.add(key)
            try:
                parameter.value, parameter.reads = self._resolve_parameter(parameter)
            finally:
                self.in_progress.discard(key)
            parameter.resolved = True
        related = parameter.origin
        self.run.record(("parameter", key), related, parameter.name.casefold() if self.top_level else None, parameter.reads)
        return parameter.value

    def _resolve_parameter(self, parameter: Parameter) -> tuple[Any, Reads]:
        declaration = parameter.declaration
        if parameter.has_given:
            return parameter.given, Reads()
        default = declaration.get("defaultValue") if declaration else None
        if default is None:
            self.run.note(
                diagnostics.MISSING_PARAMETER,
                f"parameter '{parameter.name}' has no default and no value in a parameter file: values that depend on it are unknown",
                self.location(declaration) if declaration else Location(self.source.path, 1, 1, 1, 2),
            )
            return Unknown(f"parameter '{parameter.name}' has no value"), Reads()
        if parameter.origin is None:
            parameter.origin = Related(self.location(default), f"value from the default of parameter '{parameter.name}'", parameter.name)
        # the parameter's own place first, then what its default reads: the order a cached read gives, too
        self.run.record(("parameter", f"parameter:{parameter.name.casefold()}"), parameter.origin)
        reads = Reads()
        previous = self.context.utc_now_allowed
        self.context.utc_now_allowed = True
        try:
            value = self.collect(lambda: self.value(default, Frame()), reads)
        finally:
            self.context.utc_now_allowed = previous
        return value, reads

    def variable(self, name: str, frame: Frame) -> Any:
        folded = name.casefold()
        if folded in self.variable_values:
            value, reads = self.variable_values[folded]
            self._record_variable(folded, reads)
            return value
        entry = self.variables.get(folded)
        if entry is None:
            raise EvaluationError(f"the template has no variable '{name}'")
        declared_name, node = entry
        key = f"variable:{folded}"
        if key in self.in_progress:
            raise LimitReached(f"variable '{declared_name}' refers to itself (a cycle)")
        self.in_progress.add(key)
        # the variable's own place first, then what it reads: the order a cached read gives, too
        self._record_variable(folded, Reads())
        reads = Reads()
        try:
            if isinstance(node, JsonObject) and node.get("input") is not None and node.get("count") is not None and self._is_copy_variable(folded, node):
                value = self.collect(lambda: self.expand_copy(node, Frame()), reads)
            else:
                value = self.collect(lambda: self.value(node, Frame()), reads)
        finally:
            self.in_progress.discard(key)
        if not isinstance(value, (str, Unknown)) and value_size(value) > MAX_VALUE_SIZE:  # objects that nest each other
            message = f"variable '{declared_name}' expands to more than {MAX_VALUE_SIZE:,} characters and elements"
            self.run.note(diagnostics.EVALUATION_LIMIT, f"{message}: it is treated as unknown", self.location(node))
            value = Unknown(message)
        self.variable_values[folded] = (value, reads)
        self._record_variable(folded, reads)
        return value

    def _is_copy_variable(self, folded: str, node: JsonObject) -> bool:
        name = node.get("name")
        return isinstance(name, JsonScalar) and isinstance(name.value, str) and name.value.casefold() == folded

    def _record_variable(self, folded: str, reads: Reads) -> None:
        place = self._variable_places.get(folded)
        if place is None:
            declared_name, node = self.variables[folded]
            related = Related(self.location(node), f"value from variable '{declared_name}'")
            place = self._variable_places[folded] = (("variable", f"{id(self)}:{folded}"), related)
        self.run.record(place[0], place[1], None, reads)

    def collect(self, compute: Any, reads: Reads) -> Any:
        self.run.readers.append(reads)
        try:
            return compute()
        finally:
            self.run.readers.pop()

    # --- values -------------------------------------------------------------------------------

    def value(self, node: JsonNode, frame: Frame) -> Any:
        """Evaluate a JSON node (with property copy loops) without recording locations."""
        raise NotImplementedError("template_scope.TemplateScope evaluates JSON nodes")

    def expand_copy(self, element: JsonObject, frame: Frame) -> Any:
        """A variable `copy` element (`{name, count, input}`) -> the list of its evaluated inputs."""
        raise NotImplementedError("template_scope.TemplateScope expands copy loops")

    def declared_resources(self, template: JsonObject) -> DeclaredLookup:
        """The resources `template` declares, indexed once (kept in `declared`)."""
        raise NotImplementedError("template_scope.TemplateScope reads declared resources")

    def string(self, node: JsonScalar, frame: Frame) -> Any:
        """Evaluate one JSON string; errors degrade it to Unknown with a note at the string."""
        text = node.value
        assert isinstance(text, str)
        parsed = parse_template_string(text)
        if parsed.literal is not None:
            return parsed.literal
        if parsed.error is not None:
            self.run.note(diagnostics.UNSUPPORTED_EXPRESSION, f"cannot parse the expression: {parsed.error}", self.location(node))
            return Unknown(f"unparsable expression {text}")
        assert parsed.expression is not None
        try:
            value = self.evaluate(parsed.expression, frame)
            if isinstance(value, Lambda):
                raise EvaluationError("a lambda can only be the argument of a function that takes one (map, filter, reduce, ...), not a value")
            if self.run.read_declared and holds_declared_object(value):
                # Azure's object has members the template does not declare: absent is not known here
                return Unknown("an object read with reference() has members only the deployment knows")
            return value
        except LimitReached as error:
            self.run.note(diagnostics.EVALUATION_LIMIT, str(error), self.location(node))
            return Unknown(str(error))
        except ValueTooLarge as error:
            self.run.note(diagnostics.EVALUATION_LIMIT, f"{error}: the value is treated as unknown", self.location(node))
            return Unknown(str(error))
        except UnsupportedFunction as error:
            self.run.note(diagnostics.UNSUPPORTED_EXPRESSION, f"{error}: the value is treated as unknown", self.location(node))
            return Unknown(str(error))
        except EvaluationError as error:
            self.run.note(diagnostics.UNSUPPORTED_EXPRESSION, f"cannot evaluate the expression: {error}", self.location(node))
            return Unknown(str(error))
        except RecursionError:
            self.run.note(diagnostics.EVALUATION_LIMIT, "the expression is nested too deeply", self.location(node))
            return Unknown("nested too deeply")

    def evaluate(self, node: Node, frame: Frame) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Member):
            return access(self.evaluate(node.target, frame), node.name)
        if isinstance(node, Index):
            return access(self.evaluate(node.target, frame), self.evaluate(node.index, frame))
        return self.call(node, frame)

    def call(self, node: Call, frame: Frame) -> Any:
        name = node.name.casefold()
        special = _SPECIAL.get(name)
        if special is not None:
            return special(self, node, frame)
        args = [self.evaluate(arg, frame) for arg in node.args]
        if "." in name:
            return self.user_function(node.name, args)
        if self.run.read_declared and any(holds_declared_object(arg) for arg in args):
            return Unknown(f"{node.name}() of an object read with reference(), which has members only the deployment knows")
        return call(node.name, args, self.context)

    def user_function(self, name: str, args: list[Any]) -> Any:
        definition = self.functions.get(name.casefold())
        if definition is None:
            raise UnsupportedFunction(name)
        if self.run.depth >= self.run.max_depth:
            raise LimitReached(f"user-defined function '{name}' recurses deeper than {self.run.max_depth} calls")
        # a function that calls itself twice doubles its calls at every level: depth alone does not bound them
        # (ARM forbids user-defined functions calling each other; some generated templates still do)
        self.run.function_calls += 1
        if self.run.function_calls > MAX_FUNCTION_CALLS:
            raise LimitReached(f"user-defined functions were called more than {MAX_FUNCTION_CALLS:,} times in this template")
        if not self.run.budget.allows(1):
            raise LimitReached(self.run.budget.message("function call"))
        declared = definition.get("parameters")
        names = [
            item.get("name").value  # type: ignore[union-attr]
            for item in (declared.items if isinstance(declared, JsonArray) else [])
            if isinstance(item, JsonObject) and isinstance(item.get("name"), JsonScalar)
        ]
        if len(names) != len(args):
            raise EvaluationError(f"{name}() takes {len(names)} argument(s), got {len(args)}")
        output = definition.get("output")
        body = output.get("value") if isinstance(output, JsonObject) else None
        if body is None:
            raise EvaluationError(f"user-defined function '{name}' has no output value")
        inner = type(self)(self.run, self.source, self.context, top_level=False)
        inner.functions = self.functions
        for parameter_name, value in zip(names, args):
            inner.parameters[str(parameter_name).casefold()] = Parameter(str(parameter_name), None, value, True, None, value, True)
        self.run.depth += 1
        try:
            return inner.value(body, Frame())
        finally:
            self.run.depth -= 1


def access(target: Any, key: Any) -> Any:
    """`.name` / `[index]` on a value; Unknown propagates; a missing property is an error as in ARM."""
    if isinstance(target, Unknown):
        return target
    if isinstance(key, Unknown):
        return key
    if isinstance(target, dict) and isinstance(key, str):
        found = lookup_key(target, key)
        if found is None and isinstance(target, DeclaredObject):
            return Unknown(f"'{key}' of {target.origin} is not in the template: Azure sets it at deployment")
        if found is None:
            raise EvaluationError(f"the object has no property '{key}'")
        return target[found]
    if isinstance(target, list) and isinstance(key, int) and not isinstance(key, bool):
        if not 0 <= key < len(target):
            raise EvaluationError(f"index {key} is outside the array (length {len(target)})")
        return target[key]
    if isinstance(target, str) and isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(target):
        return target[key]
    raise EvaluationError(f"cannot read {key!r} of {type(target).__name__}")


# --- functions that need the scope or lazy arguments ---------------------------------------------


def _string_arg(scope: Scope, node: Call, frame: Frame, index: int) -> Any:
    if len(node.args) <= index:
        raise EvaluationError(f"{node.name}() needs an argument")
    value = scope.evaluate(node.args[index], frame)
    if not isinstance(value, (str, Unknown)):
        raise EvaluationError(f"{node.name}() expects a name")
    return value


def _parameters(scope: Scope, node: Call, frame: Frame) -> Any:
    name = _string_arg(scope, node, frame, 0)
    return name if isinstance(name, Unknown) else scope.parameter(name)


def _variables(scope: Scope, node: Call, frame: Frame) -> Any:
    name = _string_arg(scope, node, frame, 0)
    return name if isinstance(name, Unknown) else scope.variable(name, frame)


def _copy_index(scope: Scope, node: Call, frame: Frame) -> Any:
    args = [scope.evaluate(arg, frame) for arg in node.args]
    loop: str | None = None
    offset: Any = 0
    if args and isinstance(args[0], str):
        loop = args[0].casefold()
        offset = args[1] if len(args) > 1 else 0
    elif args:
        offset = args[0]
    if isinstance(offset, Unknown):
        return offset
    if not isinstance(offset, int) or isinstance(offset, bool):
        raise EvaluationError("copyIndex() offset must be an int")
    for name, index in reversed(frame.copies):
        if loop is None or name == loop:
            return index if isinstance(index, Unknown) else index + offset
    raise EvaluationError(f"copyIndex({repr(args[0]) if loop else ''}) is used outside a matching copy loop")


def _if(scope: Scope, node: Call, frame: Frame) -> Any:
    if len(node.args) != 3:
        raise EvaluationError(f"if() takes 3 arguments, got {len(node.args)}")
    condition = scope.evaluate(node.args[0], frame)
    if isinstance(condition, Unknown):
        return condition
    if not isinstance(condition, bool):
        raise EvaluationError("if() expects a bool condition")
    return scope.evaluate(node.args[1] if condition else node.args[2], frame)


def _short_circuit(stop: bool) -> Any:
    def evaluate(scope: Scope, node: Call, frame: Frame) -> Any:
        if len(node.args) < 2:
            raise EvaluationError(f"{node.name}() takes at least 2 arguments")
        unknown = None
        for arg in node.args:
            value = scope.evaluate(arg, frame)
            if isinstance(value, Unknown):
                unknown = unknown or value
                continue
            if not isinstance(value, bool):
                raise EvaluationError(f"{node.name}() expects bools")
            if value is stop:
                return stop
        return unknown if unknown is not None else not stop

    return evaluate


def _reference(scope: Scope, node: Call, frame: Frame) -> Any:
    """reference(id or name, [apiVersion], ['Full']): the declared values of a resource of this template."""
    if not 1 <= len(node.args) <= 3:
        raise EvaluationError(f"reference() takes 1 to 3 arguments, got {len(node.args)}")
    args = [scope.evaluate(arg, frame) for arg in node.args]
    target = args[0]
    if isinstance(target, Unknown):
        return target
    if not isinstance(target, str):
        raise EvaluationError("reference() expects a resource id or name")
    if len(args) == 3 and isinstance(args[2], Unknown):
        return args[2]
    full = len(args) == 3 and isinstance(args[2], str) and args[2].casefold() == "full"
    if scope.template is None:
        return Unknown("reference() reads a deployed resource")
    declared = scope.declared_resources(scope.template)
    # what the lookup and the referenced resource read (parameters included) is replayed into this value's
    # reads: a value read through reference() depends on the parameters the referenced resource read
    value = declared.reference(target, args[1] if len(args) > 1 else None, full)
    if not isinstance(value, Unknown):
        scope.run.read_declared = True
    return value


def _lambda(scope: Scope, node: Call, frame: Frame) -> Any:
    if not node.args:
        raise EvaluationError("lambda() needs a body")
    names = []
    for arg in node.args[:-1]:
        if not isinstance(arg, Literal) or not isinstance(arg.value, str):
            raise EvaluationError("lambda() parameter names must be string literals")
        names.append(arg.value)
    body = node.args[-1]

    def run(values: list[Any]) -> Any:
        inner = Frame(frame.copies, frame.lambdas + tuple((name.casefold(), value) for name, value in zip(names, values)))
        return scope.evaluate(body, inner)

    return Lambda(tuple(names), run)


def _lambda_variables(scope: Scope, node: Call, frame: Frame) -> Any:
    name = _string_arg(scope, node, frame, 0)
    if isinstance(name, Unknown):
        return name
    for candidate, value in reversed(frame.lambdas):
        if candidate == name.casefold():
            return value
    raise EvaluationError(f"lambdaVariables('{name}') is used outside a lambda that declares it")


def _unknown(scope: Scope, node: Call, frame: Frame) -> Any:
    """Lowered Bicep's marker for a value known only at deployment (`readEnvironmentVariable()`, ...), or,
    with a second argument, for an expression the lowering could not express (a LINT-004 note where it is)."""
    reason = str(node.args[0].value) if node.args and isinstance(node.args[0], Literal) else "known only at deployment"
    if len(node.args) > 1:
        raise EvaluationError(reason)
    return Unknown(reason)


_SPECIAL = {
    "parameters": _parameters,
    "variables": _variables,
    "copyindex": _copy_index,
    "if": _if,
    "and": _short_circuit(False),
    "or": _short_circuit(True),
    "lambda": _lambda,
    "reference": _reference,
    "lambdavariables": _lambda_variables,
    "__bicep.unknown": _unknown,
}
