"""Reads lab/profiles.yaml for the locustfile, with no third-party package.

Why a small reader of our own: the cluster image (locustio/locust) ships no PyYAML and the Locust pods
install nothing, and a JSON rendering of profiles.yaml generated at build time would be a second copy of the
profiles. So the locustfile reads the one profiles.yaml with this reader, which understands the subset of YAML
that file uses (block mappings and sequences, flow mappings and sequences, plain and quoted scalars,
comments) and refuses anything else with the line number. A test checks it against PyYAML on the real file.
"""

import re

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")
_UNSUPPORTED_START = ("&", "*", "!", "|", ">", "%", "@", "`")


class ProfilesSyntaxError(ValueError):
    """profiles.yaml uses YAML this reader does not understand (or is malformed)."""


def _strip_comment(line):
    """Drops a `# comment` that is not inside quotes."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def _scalar(text, line_number):
    text = text.strip()
    if text.startswith(_UNSUPPORTED_START):
        raise ProfilesSyntaxError(f"line {line_number}: unsupported YAML (anchors, tags, block scalars): {text}")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        body = text[1:-1]
        return body.replace("''", "'") if text[0] == "'" else body.replace('\\"', '"')
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class _Flow:
    """Recursive descent over a flow collection (`{ a: 1, b: [2, 3] }`) on one line."""

    def __init__(self, text, line_number):
        self.text = text
        self.pos = 0
        self.line_number = line_number

    def fail(self, what):
        raise ProfilesSyntaxError(f"line {self.line_number}: {what} at column {self.pos + 1}: {self.text}")

    def skip_spaces(self):
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def parse_all(self):
        value = self.value()
        self.skip_spaces()
        if self.pos != len(self.text):
            self.fail("unexpected text after the flow collection")
        return value

    def value(self):
        self.skip_spaces()
        if self.pos >= len(self.text):
            self.fail("missing value")
        char = self.text[self.pos]
        if char == "{":
            return self.collection("}", self.mapping_entry, {})
        if char == "[":
            return self.collection("]", self.value, [])
        if char in "'\"":
            end = self.text.find(char, self.pos + 1)
            while char == "'" and end >= 0 and self.text[end + 1 : end + 2] == "'":
                end = self.text.find(char, end + 2)  # '' is an escaped quote
            if end < 0:
                self.fail("unterminated quoted string")
            token = self.text[self.pos : end + 1]
            self.pos = end + 1
            return _scalar(token, self.line_number)
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ",]}":
            if self.text[self.pos] == ":" and self.text[self.pos + 1 : self.pos + 2] in (" ", ""):
                break
            self.pos += 1
        return _scalar(self.text[start : self.pos], self.line_number)

    def mapping_entry(self):
        key = self.value()
        self.skip_spaces()
        if self.text[self.pos : self.pos + 1] != ":":
            self.fail("expected ':' after a key")
        self.pos += 1
        return key, self.value()

    def collection(self, closer, entry, result):
        self.pos += 1
        while True:
            self.skip_spaces()
            if self.text[self.pos : self.pos + 1] == closer:
                self.pos += 1
                return result
            item = entry()
            if isinstance(result, dict):
                result[str(item[0])] = item[1]
            else:
                result.append(item)
            self.skip_spaces()
            char = self.text[self.pos : self.pos + 1]
            if char == ",":
                self.pos += 1
            elif char != closer:
                self.fail(f"expected ',' or '{closer}'")


def _inline_value(text, line_number):
    text = text.strip()
    if text.startswith(("{", "[")):
        return _Flow(text, line_number).parse_all()
    return _scalar(text, line_number)


def _split_key(text, line_number):
    """`key: rest` → (key, rest); keys may be quoted."""
    if text[0] in "'\"":
        end = text.find(text[0], 1)
        if end < 0 or text[end + 1 : end + 2] != ":":
            raise ProfilesSyntaxError(f"line {line_number}: expected 'key: value': {text}")
        return str(_scalar(text[: end + 1], line_number)), text[end + 2 :]
    match = re.match(r"^([^:{}\[\],]+?):(\s|$)(.*)$", text)
    if not match:
        raise ProfilesSyntaxError(f"line {line_number}: expected 'key: value': {text}")
    return match.group(1).strip(), match.group(3)


def parse_profiles_yaml(text):
    """Parses the YAML subset of lab/profiles.yaml into dicts, lists and scalars."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ProfilesSyntaxError(f"line {number}: tabs are not allowed in YAML indentation")
        content = _strip_comment(raw).rstrip()
        if content.strip() in ("---", "..."):
            raise ProfilesSyntaxError(f"line {number}: one YAML document only")
        if content.strip():
            lines.append((number, len(content) - len(content.lstrip()), content.strip()))
    if not lines:
        return None
    value, next_index = _block(lines, 0, lines[0][1])
    if next_index != len(lines):
        number = lines[next_index][0]
        raise ProfilesSyntaxError(f"line {number}: bad indentation")
    return value


def _block(lines, index, indent):
    """Parses the block starting at lines[index] whose entries sit at `indent`; returns (value, next index)."""
    is_sequence = lines[index][2].startswith("- ") or lines[index][2] == "-"
    result = [] if is_sequence else {}
    while index < len(lines):
        number, line_indent, content = lines[index]
        if line_indent < indent:
            break
        if line_indent > indent:
            raise ProfilesSyntaxError(f"line {number}: bad indentation")
        if is_sequence != (content.startswith("- ") or content == "-"):
            raise ProfilesSyntaxError(f"line {number}: mapping and sequence entries mixed at one level")
        rest = content[2:] if is_sequence else None
        if is_sequence:
            if rest.strip() == "" or re.match(r"^[^{\[\"'][^:]*:(\s|$)", rest):
                raise ProfilesSyntaxError(f"line {number}: block mappings inside '- ' items are not supported")
            result.append(_inline_value(rest, number))
            index += 1
            continue
        key, rest = _split_key(content, number)
        if key in result:
            raise ProfilesSyntaxError(f"line {number}: duplicate key {key!r}")
        if rest.strip():
            result[key] = _inline_value(rest, number)
            index += 1
        elif index + 1 < len(lines) and lines[index + 1][1] > indent:
            result[key], index = _block(lines, index + 1, lines[index + 1][1])
        elif index + 1 < len(lines) and lines[index + 1][1] == indent and lines[index + 1][2].startswith("- "):
            result[key], index = _block(lines, index + 1, indent)
        else:
            result[key] = None
            index += 1
    return result, index


def read_profiles(path):
    with open(path, encoding="utf-8") as handle:
        document = parse_profiles_yaml(handle.read())
    if not isinstance(document, dict) or not isinstance(document.get("profiles"), dict):
        raise ProfilesSyntaxError(f"{path}: no `profiles:` mapping")
    return document


def load_plan(document, profile_id):
    """The load of one profile: {'kind': 'users', 'stages', 'user_mix'} or {'kind': 'fixed-count', ...}."""
    profiles = document["profiles"]
    if profile_id not in profiles:
        raise KeyError(f"unknown profile {profile_id!r}; known: {', '.join(profiles)}")
    raw = profiles[profile_id]
    if "requests" in raw and "workers" in raw:
        return {"kind": "fixed-count", "requests": int(raw["requests"]), "workers": int(raw["workers"])}
    stages = raw.get("stages") or [
        {"users": raw["users"], "spawnRate": raw["spawnRate"], "durationSeconds": raw["durationSeconds"]}
    ]
    unknown = [name for name in raw["userMix"] if name not in document["userClasses"]]
    if unknown:
        raise KeyError(f"profile {profile_id!r} uses unknown user classes {unknown}")
    return {"kind": "users", "stages": stages, "user_mix": dict(raw["userMix"])}


def with_overrides(plan, users=None, duration_seconds=None):
    """`lab run --users/--duration` for Locust: only meaningful on a single-stage user profile."""
    if users is None and duration_seconds is None:
        return plan
    if plan["kind"] != "users" or len(plan["stages"]) != 1:
        raise KeyError("a users/duration override only applies to single-stage user profiles")
    stage = dict(plan["stages"][0])
    if users is not None:
        stage["users"] = users
    if duration_seconds is not None:
        stage["durationSeconds"] = duration_seconds
    return {**plan, "stages": [stage]}


DEFAULT_CONDITIONS = "lab"


def client_timeout(document, conditions_id):
    """The client timeout (s) of a conditions set: requests' `timeout`, so a slower answer is a ReadTimeout."""
    conditions = document.get("conditions") or {}
    if conditions_id not in conditions:
        raise KeyError(f"unknown conditions {conditions_id!r}; known: {', '.join(conditions)}")
    return conditions[conditions_id]["clientTimeoutSeconds"]
