"""Loading coach-written YAML: schema-checked, and every error points at a file and a line.

Coaches edit personas and scenarios by hand. A traceback is useless to them; "line 12:
`to: calmng` names no state (states are: …)" is what lets them fix it alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml


class DataError(Exception):
    """A data file that cannot be used, with where and how to fix it."""

    def __init__(self, path: Path | str, line: int | None, reason: str, fix: str = ""):
        self.path, self.line, self.reason, self.fix = str(path), line, reason, fix
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}" + (f"\n  fix: {fix}" if fix else ""))


@dataclass
class Document:
    """A parsed YAML file that still knows the line of every value in it."""

    path: Path
    data: Any
    root: yaml.Node

    def line_of(self, *keys: str | int) -> int | None:
        """The 1-based line of the key (or list item) at `keys`, or of the nearest parent that exists."""
        node, line = self.root, self.root.start_mark.line + 1
        for key in keys:
            found = _child(node, key)
            if found is None:
                break
            label, node = found
            line = label.start_mark.line + 1
        return line

    def error(self, keys: Iterable[str | int], reason: str, fix: str = "") -> DataError:
        return DataError(self.path, self.line_of(*keys), reason, fix)


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) under `key`; for a list item both are the item."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == str(key):
                return k, v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key], node.value[key]
    return None


def packaged(*parts: str) -> Path:
    """A file or folder shipped in `simulator/data/`, found wherever the package is installed."""
    return Path(str(resources.files("simulator.data"))).joinpath(*parts)


@cache
def schema(name: str) -> dict:
    """A JSON Schema shipped in `simulator/data/schemas/`."""
    return json.loads(packaged("schemas", f"{name}.schema.json").read_text("utf-8"))


def load(path: Path | str, schema_name: str) -> Document:
    """Parse `path` and check it against the named schema, or raise one located DataError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(path, None, f"cannot read the file ({exc.strerror or exc})", "check the file name") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, raw.count(b"\n", 0, exc.start) + 1,
                        f"not UTF-8 text (byte {raw[exc.start]:#04x}){_encoding_hint(raw)}",
                        "save it as UTF-8 text (in most editors: Save As… → Encoding: UTF-8)") from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if (getattr(exc, "problem", None) or "").startswith("could not find expected ':'"):
            mark = getattr(exc, "context_mark", None) or mark  # the line missing its colon, not the one after
        problem = _plain(getattr(exc, "problem", None) or str(exc))
        fix = "check the indentation and that every `key: value` has a space after the colon"
        if "'\\t'" in problem:
            fix = "replace the tab with spaces (two per level, like the lines around it)"
        if isinstance(exc, yaml.reader.ReaderError):  # a character YAML forbids, such as a control code
            mark = yaml.Mark(path.name, exc.position, text.count("\n", 0, exc.position), 0, None, None)
            code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
            problem, fix = f"the control character U+{code:04X} is not allowed", "delete it; save the file as plain text"
        raise DataError(path, mark.line + 1 if mark else None, f"not valid YAML: {problem}", fix) from None
    if root is None:
        raise DataError(path, 1, "the file is empty", "start from an existing file in the same folder")
    if not isinstance(root, yaml.MappingNode):
        raise DataError(path, root.start_mark.line + 1, f"this is not a {schema_name} file: it should be made of "
                        f"`key: value` lines (id:, name:, …), but it is {_kind(root)}",
                        "start from an existing file in the same folder and change its values")
    _refuse_duplicate_keys(path, root)
    doc = Document(path, data, root)
    errors = sorted(jsonschema.Draft202012Validator(schema(schema_name)).iter_errors(data),
                    key=lambda e: (doc.line_of(*e.absolute_path) or 0))
    if errors:
        first = errors[0]
        raise doc.error([*first.absolute_path, *_extra_keys(first)[:1]], _reason(first), _fix(first))
    return doc


def _encoding_hint(raw: bytes) -> str:
    """Name the usual culprits, so the coach knows what their editor did."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        return "; it looks like UTF-16"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "; it looks like GBK/GB18030, a Chinese encoding" if any(b >= 0x81 for b in raw) else ""


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "plain text" if isinstance(node.value, str) and len(node.value) > 20 else f"the single value {node.value!r}"


def _refuse_duplicate_keys(path: Path, node: yaml.Node, where: tuple[str, ...] = ()) -> None:
    """YAML silently keeps the last of two equal keys; a coach's second `apologise:` must not vanish."""
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _refuse_duplicate_keys(path, item, (*where, str(i)))
    if not isinstance(node, yaml.MappingNode):
        return
    first_line: dict[str, int] = {}
    for key, value in node.value:
        name, line = str(key.value), key.start_mark.line + 1
        if name in first_line:
            inside = f" in {'/'.join(where)}" if where else ""
            raise DataError(path, line, f"`{name}` appears twice{inside} (lines {first_line[name]} and {line}); "
                            "only the last one would count",
                            "keep one of them: merge the two or rename one")
        first_line[name] = line
        _refuse_duplicate_keys(path, value, (*where, name))


#: PyYAML's parser words, in words a coach uses.
_PLAIN = {"expected <block end>": "this line is not indented like the lines around it",
          "found character '\\t'": "a tab; indent with spaces",
          "could not find expected ':'": "a `key: value` line without its colon"}


def _plain(problem: str) -> str:
    return next((f"{plain} ({problem})" for words, plain in _PLAIN.items() if problem.startswith(words)), problem)


def _extra_keys(error: jsonschema.ValidationError) -> list[str]:
    """For an unknown key, the key itself, so the error points at its line."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    return [k for k in error.instance if k not in error.schema.get("properties", {})]


def _where(error: jsonschema.ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "the top level"


#: JSON Schema type names, as a coach would write the value.
_TYPES = {"integer": "a whole number (like 60)", "number": "a number", "boolean": "true or false",
          "string": "text", "object": "a group of `key: value` lines", "array": "a list (`[a, b]` or lines starting `- `)"}


def _kinds(value: str | list[str]) -> str:
    """A schema's `type` (one name or a list) in a coach's words."""
    return " or ".join(_TYPES.get(kind, kind) for kind in ([value] if isinstance(value, str) else value))


def _reason(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return f"{_where(error)} has no `{missing[0]}`" if missing else f"{_where(error)}: {error.message}"
    if error.validator == "type":
        return f"{_where(error)} is {error.instance!r}, which is not {_kinds(error.validator_value)}"
    if error.validator == "additionalProperties":
        return f"unknown key in {_where(error)}: {error.message}"
    return f"{_where(error)}: {error.message}"


def _fix(error: jsonschema.ValidationError) -> str:
    """Turn the schema rule that failed into an instruction a coach can follow."""
    rule, value = error.validator, error.validator_value
    if rule == "required":
        return f"add the key(s) {', '.join(repr(k) for k in value if k not in (error.instance or {}))}"
    if rule == "enum":
        return "use one of: " + ", ".join(str(v) for v in value)
    if rule == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return "remove or rename it" + (f"; allowed keys are: {', '.join(allowed)}" if allowed else "")
    if rule == "type":
        return f"write {_kinds(value)} there"
    if rule in ("minItems", "minLength", "minProperties"):
        return f"give it at least {value}"
    if rule in ("minimum", "maximum"):
        return f"keep it {'at least' if rule == 'minimum' else 'at most'} {value}"
    if rule == "propertyNames":
        return "check the spelling against the list of allowed names"
    return "see the example files in the same folder"
