"""Loading coach-written YAML: schema-checked, and every error points at a file and a line.

Coaches edit personas and scenarios by hand. A traceback is useless to them; "line 12:
`to: calmng` names no state (states are: …)" is what lets them fix it alone. Every problem
in a file is reported in one go, so a coach fixes them all before trying again.

A coach file is also untrusted input: loading it never runs code (YAML is read with the safe
constructor and any `!!python/…` tag is refused), and the shapes that would make loading slow
or crash (a huge file, anchors and aliases, which make "billion laughs" bombs possible, deep
nesting) are refused before they can cost anything.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import jsonschema
import yaml

#: Larger than any persona or scenario a person would write by hand (the biggest shipped is ~10 KB).
MAX_BYTES = 1_000_000
#: Personas nest about six levels deep; past this a file is not a hand-written coach file.
MAX_DEPTH = 32
#: The tags plain YAML values carry; anything else (`!!python/object`, `!custom`) is refused.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "map", "seq")}


class DataError(Exception):
    """A data file that cannot be used, with where and how to fix it.

    One error may carry others found in the same file (`problems`, itself first), so a coach
    sees every mistake in one run; `line`, `reason` and `fix` are those of the first.
    """

    def __init__(self, path: Path | str, line: int | None, reason: str, fix: str = "", column: int | None = None):
        self.path, self.line, self.column, self.reason, self.fix = str(path), line, column, reason, fix
        self.problems: list[DataError] = [self]
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """`file:line:column: reason` and the fix, for this one problem."""
        where = self.path + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.line and self.column else "")
        return f"{where}: {self.reason}" + (f"\n  fix: {self.fix}" if self.fix else "")

    def __str__(self) -> str:
        return "\n".join(problem.message for problem in self.problems)

    @classmethod
    def of(cls, problems: list["DataError"]) -> "DataError":
        """One error standing for all `problems` (in line order), to raise once."""
        ordered = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
        first = ordered[0]
        first.problems = ordered
        return first


@dataclass
class Document:
    """A parsed YAML file that still knows the line of every value in it."""

    path: Path
    data: Any
    root: yaml.Node
    problems: list[DataError] = field(default_factory=list)

    def node_of(self, *keys: str | int) -> yaml.Node:
        """The node (key or list item) at `keys`, or of the nearest parent that exists."""
        node = label = self.root
        for key in keys:
            found = _child(node, key)
            if found is None:
                break
            label, node = found
        return label

    def line_of(self, *keys: str | int) -> int | None:
        """The 1-based line of the key (or list item) at `keys`, or of the nearest parent that exists."""
        return self.node_of(*keys).start_mark.line + 1

    def error(self, keys: Iterable[str | int], reason: str, fix: str = "") -> DataError:
        mark = self.node_of(*keys).start_mark
        return DataError(self.path, mark.line + 1, reason, fix, mark.column + 1)

    def problem(self, keys: Iterable[str | int], reason: str, fix: str = "") -> None:
        """Note a problem and go on looking for more; `done()` raises them together."""
        self.problems.append(self.error(keys, reason, fix))

    @contextmanager
    def tolerant(self) -> Iterator[None]:
        """Go on checking a file whose shape the schema already faulted: what it explains is skipped, not a crash."""
        try:
            yield
        except (KeyError, TypeError, AttributeError, IndexError, ValueError):
            if not self.problems:
                raise

    def done(self) -> None:
        """Raise every problem noted so far as one DataError, if there is any."""
        if self.problems:
            raise DataError.of(self.problems)


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


def home() -> Path:
    """The user's own data folder: `DCSIM_HOME`, else the platform's place for it (not created here)."""
    import platformdirs

    return Path(os.environ.get("DCSIM_HOME") or platformdirs.user_data_dir("dcsim"))


def cache_home() -> Path:
    """Where derived files that are only worth keeping for speed go: `DCSIM_CACHE`, else the
    platform's cache folder (not created here). Deleting it loses nothing."""
    import platformdirs

    return Path(os.environ.get("DCSIM_CACHE") or platformdirs.user_cache_dir("dcsim"))


@cache
def schema(name: str) -> dict:
    """A JSON Schema shipped in `simulator/data/schemas/`."""
    return json.loads(packaged("schemas", f"{name}.schema.json").read_text("utf-8"))


def load(path: Path | str, schema_name: str, check: Callable[[Document], None] | None = None) -> Document:
    """Parse `path`, check it against the named schema and with `check`, and raise a DataError naming every problem.

    `check` (what a schema cannot say: real targets, known facts…) notes its problems with
    `doc.problem`; it runs even when the schema found some, so one run shows them all.
    """
    path = Path(path)
    root, data = _parse(path, _read(path))
    if root is None:
        raise DataError(path, 1, "the file is empty", "start from an existing file in the same folder")
    if not isinstance(root, yaml.MappingNode):
        raise DataError(path, root.start_mark.line + 1, f"this is not a {schema_name} file: it should be made of "
                        f"`key: value` lines (id:, name:, …), but it is {_kind(root)}",
                        "start from an existing file in the same folder and change its values")
    doc = Document(path, data, root)
    _duplicate_keys(doc, root)
    seen: set[tuple[int | None, str]] = set()
    for error in jsonschema.Draft202012Validator(schema(schema_name)).iter_errors(data):
        problem = doc.error([*error.absolute_path, *_extra_keys(error)[:1]], _reason(error), _fix(error))
        if (problem.line, problem.reason) not in seen:  # one mistake can break several rules at one place
            seen.add((problem.line, problem.reason))
            doc.problems.append(problem)
    if check:
        with doc.tolerant():
            check(doc)
    doc.done()
    return doc


def _read(path: Path) -> str:
    """The file as text, refusing before reading it whole what is too big or not UTF-8."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DataError(path, None, f"cannot read the file ({exc.strerror or exc})", "check the file name") from None
    if len(raw) > MAX_BYTES:
        size = max(len(raw), _size(path))
        raise DataError(path, 1, f"the file is {size / 1e6:.1f} MB; a coach file is at most {MAX_BYTES / 1e6:g} MB",
                        "check that this is the file you meant; personas and scenarios are a few KB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, raw.count(b"\n", 0, exc.start) + 1,
                        f"not UTF-8 text (byte {raw[exc.start]:#04x}){_encoding_hint(raw)}",
                        "save it as UTF-8 text (in most editors: Save As… → Encoding: UTF-8)") from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Refused(Exception):
    """A shape no coach file needs, refused while composing, before it can cost time or memory."""

    def __init__(self, mark: yaml.Mark, reason: str, fix: str):
        super().__init__(reason)
        self.mark, self.reason, self.fix = mark, reason, fix


class _CoachLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases, deep nesting and tags other than plain values."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            raise _Refused(self.peek_event().start_mark, "anchors and aliases (`&name` and `*name`) are not allowed "
                           "in coach files (a few lines of them can expand to billions of values)",
                           "write the value out in full wherever it is used")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(self.peek_event().start_mark, f"the values are nested more than {MAX_DEPTH} levels deep",
                               "close the brackets you opened; a persona nests about six levels")
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if node.tag == "tag:yaml.org,2002:value":  # a bare `=` is text to a coach
            node.tag = "tag:yaml.org,2002:str"
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(node.start_mark, f"the tag `{tag}` is not allowed: coach files hold only text, numbers, "
                           "true/false, lists and `key: value` groups, and loading them never runs code",
                           f"remove `{tag}` and write the value itself")
        return node


#: A run of opening brackets deeper than any coach file nests; PyYAML's scanner would look far ahead in it.
_BRACKETS = re.compile(r"(?:[\[{][ \t]*){%d}" % (MAX_DEPTH + 1))


def _parse(path: Path, text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for lines) and the plain data, built once from the same composition."""
    brackets = _BRACKETS.search(text)
    if brackets:  # refused before the parser starts (deeper nesting with text between is caught while composing)
        line = text.count("\n", 0, brackets.start())
        raise DataError(path, line + 1, f"the values are nested more than {MAX_DEPTH} levels deep",
                        "close the brackets you opened; a persona nests about six levels",
                        brackets.start() - (text.rfind("\n", 0, brackets.start()) + 1) + 1)
    try:
        loader = _CoachLoader(text)  # which already refuses control characters
        try:
            root = loader.get_single_node()
            return root, (loader.construct_document(root) if root is not None else None)
        finally:
            loader.dispose()
    except _Refused as refused:
        raise DataError(path, refused.mark.line + 1, refused.reason, refused.fix, refused.mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(path, text, exc) from None


def _yaml_error(path: Path, text: str, exc: yaml.YAMLError) -> DataError:
    """PyYAML's complaint, at the line to fix, in a coach's words."""
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
    return DataError(path, mark.line + 1 if mark else None, f"not valid YAML: {problem}", fix,
                     mark.column + 1 if mark else None)


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


def _duplicate_keys(doc: Document, node: yaml.Node, where: tuple[str, ...] = ()) -> None:
    """YAML silently keeps the last of two equal keys; a coach's second `apologise:` must not vanish."""
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _duplicate_keys(doc, item, (*where, str(i)))
    if not isinstance(node, yaml.MappingNode):
        return
    first_line: dict[str, int] = {}
    for key, value in node.value:
        name, line = str(key.value), key.start_mark.line + 1
        if name in first_line:
            inside = f" in {'/'.join(where)}" if where else ""
            doc.problems.append(DataError(doc.path, line, f"`{name}` appears twice{inside} (lines {first_line[name]} "
                                          f"and {line}); only the last one would count",
                                          "keep one of them: merge the two or rename one", key.start_mark.column + 1))
        first_line.setdefault(name, line)
        _duplicate_keys(doc, value, (*where, name))


#: PyYAML's parser words, in words a coach uses.
_PLAIN = {"expected <block end>": "this line is not indented like the lines around it",
          "found character '\\t'": "a tab; indent with spaces",
          "could not find expected ':'": "a `key: value` line without its colon",
          "mapping values are not allowed here": "this line is indented too far, or a value holds a bare `: `"}


def _plain(problem: str) -> str:
    return next((f"{plain} ({problem})" for words, plain in _PLAIN.items() if problem.startswith(words)), problem)


def _extra_keys(error: jsonschema.ValidationError) -> list[str]:
    """For an unknown or misspelt key, the key itself, so the error points at its line."""
    if "propertyNames" in error.absolute_schema_path:
        return [str(error.instance)]
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
    if error.validator == "enum":
        return f"{_where(error)}: {error.instance!r} is not one of the names allowed there"
    return f"{_where(error)}: {error.message}"


def _fix(error: jsonschema.ValidationError) -> str:
    """Turn the schema rule that failed into an instruction a coach can follow."""
    rule, value = error.validator, error.validator_value
    if rule == "required":
        return f"add the key(s) {', '.join(repr(k) for k in value if k not in (error.instance or {}))}"
    if rule == "enum":
        close = difflib.get_close_matches(str(error.instance), [str(v) for v in value], n=1, cutoff=0.6)
        return (f"did you mean {close[0]!r}? " if close else "") + "use one of: " + ", ".join(str(v) for v in value)
    if rule == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return "remove or rename it" + (f"; allowed keys are: {', '.join(allowed)}" if allowed else "")
    if rule == "type":
        return f"write {_kinds(value)} there"
    if rule in ("minItems", "minLength", "minProperties"):
        return f"give it at least {value}"
    if rule == "pattern" and value == "^[a-z][a-z0-9_]*$":
        return "use lowercase letters, digits and _ only, starting with a letter (like `calming_down`)"
    if rule in ("minimum", "maximum"):
        return f"keep it {'at least' if rule == 'minimum' else 'at most'} {value}"
    return "see the example files in the same folder"
