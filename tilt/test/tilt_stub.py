"""A recording stub of the Tilt API, enough to execute the root Tiltfile (Starlark) with Python.

Only the Tilt functions the Tiltfile uses exist, with Tilt's own parameter names, so an unknown function is a
NameError and an unknown keyword a TypeError. The sources are first checked against the Starlark subset of
Python (no f-strings, classes, try, while, imports...), so "it runs under Python" means something for Tilt.
After execution the stub cross-checks what Tilt itself would reject: resource_deps and buttons naming unknown
resources, k8s_resource workloads and objects absent from the rendered YAML, duplicate resources.
Manifests are rendered with `kubectl kustomize` when kubectl is installed; `local()` runs the command for real
(with OVERLAY_CACHE pointing scripts/compose-overlay.sh at a test folder).
"""

import ast
import builtins
import os
import shlex
import shutil
import subprocess
import sys
import types

import yaml

from tilt.test.lab_files import REPO, TEST_OVERLAY_CACHE

TILTFILE = os.path.join(REPO, 'Tiltfile')
WORKLOAD_KINDS = {'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod'}

# Builtins that Starlark also has; anything else (open, __import__, eval...) is a NameError.
STARLARK_BUILTINS = {
    name: getattr(builtins, name)
    for name in ['all', 'any', 'bool', 'dict', 'enumerate', 'getattr', 'hasattr', 'int', 'len', 'list', 'max',
                 'min', 'print', 'range', 'repr', 'reversed', 'sorted', 'str', 'tuple', 'type', 'zip']
}

# Python syntax that Starlark does not have.
NON_STARLARK_NODES = (
    ast.JoinedStr, ast.ClassDef, ast.Try, ast.While, ast.Import, ast.ImportFrom, ast.Lambda, ast.Set, ast.SetComp,
    ast.With, ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFunctionDef, ast.Raise,
    ast.Assert, ast.Delete, ast.NamedExpr, ast.Is, ast.IsNot, ast.GeneratorExp,
)


class TiltfileError(Exception):
    """What Tilt reports as a Tiltfile load error: fail(), or an inconsistency Tilt would reject."""


class Blob:
    """Tilt's Blob: text that only converts with str(); it has no string methods."""

    def __init__(self, text):
        self._text = text

    def __str__(self):
        return self._text


def check_starlark_subset(source, filename):
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, NON_STARLARK_NODES):
            raise SyntaxError('%s:%d: %s is not Starlark' % (filename, node.lineno if hasattr(node, 'lineno') else 0,
                                                              type(node).__name__))
        if isinstance(node, ast.Compare) and len(node.ops) > 1:
            raise SyntaxError('%s:%d: chained comparisons are not Starlark' % (filename, node.lineno))


class Recording:
    """Everything the Tiltfile registered, in call order."""

    def __init__(self):
        self.calls = []
        self.version_settings = None
        self.allowed_contexts = []
        self.config_definitions = {}
        self.config_parsed = False
        self.images = []
        self.kustomize_paths = []
        self.yaml_documents = []
        self.rendered = True
        self.k8s_resources = {}
        self.local_resources = {}
        self.buttons = {}
        self.local_commands = []

    def api_calls(self):
        return [name for name, _ in self.calls]

    def workloads(self):
        return {doc['metadata']['name']: doc for doc in self.yaml_documents if doc.get('kind') in WORKLOAD_KINDS}

    def resource_names(self):
        names = set(self.local_resources) | set(self.k8s_resources)
        if self.rendered:
            names |= set(self.workloads())
        return names


class TiltStub:
    def __init__(self, args, context, render):
        self.args = list(args)
        self.context = context
        self.render = render and shutil.which('kubectl') is not None
        self.recording = Recording()
        self.recording.rendered = self.render
        self.loaded = {}

    # -- harness ------------------------------------------------------------------------------------------------
    def record(self, api_name, **kwargs):
        self.recording.calls.append((api_name, kwargs))

    def api(self):
        trigger_auto = types.SimpleNamespace(name='TRIGGER_MODE_AUTO')
        trigger_manual = types.SimpleNamespace(name='TRIGGER_MODE_MANUAL')
        self.trigger_auto = trigger_auto
        return {
            'load': self.load,
            'fail': self.fail,
            'version_settings': self.version_settings,
            'allow_k8s_contexts': self.allow_k8s_contexts,
            'k8s_context': self.k8s_context,
            'config': types.SimpleNamespace(define_string=self.define_string, parse=self.parse),
            'read_file': self.read_file,
            'read_yaml': self.read_yaml,
            'docker_build': self.docker_build,
            'kustomize': self.kustomize,
            'k8s_yaml': self.k8s_yaml,
            'k8s_resource': self.k8s_resource,
            'link': self.link,
            'local': self.local,
            'local_resource': self.local_resource,
            'shlex': types.SimpleNamespace(quote=shlex.quote),
            'TRIGGER_MODE_AUTO': trigger_auto,
            'TRIGGER_MODE_MANUAL': trigger_manual,
        }

    def uibutton_extension(self):
        return {
            'cmd_button': self.cmd_button,
            'text_input': self.text_input,
            'location': types.SimpleNamespace(RESOURCE='resource', NAV='nav'),
        }

    def execute(self, source, filename):
        check_starlark_subset(source, filename)
        scope = {'__builtins__': STARLARK_BUILTINS, **self.api()}
        exec(compile(source, filename, 'exec'), scope)
        return scope

    def path(self, relative):
        return os.path.join(REPO, relative)

    # -- Starlark / Tilt built-ins ------------------------------------------------------------------------------
    def load(self, module, *names):
        if module == 'ext://uibutton':
            symbols = self.uibutton_extension()
        elif module.startswith('ext://'):
            raise NameError('extension %s is not stubbed' % module)
        else:
            if module not in self.loaded:
                with open(self.path(module)) as handle:
                    self.loaded[module] = self.execute(handle.read(), module)
            symbols = self.loaded[module]
        caller = _caller_scope()
        for name in names:
            if name not in symbols:
                raise NameError('%s does not define %s' % (module, name))
            caller[name] = symbols[name]

    def fail(self, message):
        raise TiltfileError(message)

    def version_settings(self, check_updates=True, constraint=''):
        self.record('version_settings', check_updates=check_updates, constraint=constraint)
        self.recording.version_settings = {'check_updates': check_updates, 'constraint': constraint}

    def allow_k8s_contexts(self, contexts):
        self.record('allow_k8s_contexts', contexts=contexts)
        self.recording.allowed_contexts += [contexts] if isinstance(contexts, str) else list(contexts)

    def k8s_context(self):
        return self.context

    def define_string(self, name, args=False, usage=''):
        self.record('config.define_string', name=name, args=args, usage=usage)
        self.recording.config_definitions[name] = usage

    def parse(self):
        self.record('config.parse')
        self.recording.config_parsed = True
        values = {}
        remaining = list(self.args)
        while remaining:
            flag = remaining.pop(0)
            if not flag.startswith('--'):
                raise TiltfileError('positional Tiltfile arg %r: no config.define_*(args=True)' % flag)
            name, has_value, value = flag[2:].partition('=')
            if name not in self.recording.config_definitions:
                raise TiltfileError('unknown Tiltfile arg --%s' % name)
            values[name] = value if has_value else remaining.pop(0)
        return values

    def read_file(self, file_path, default=None):
        self.record('read_file', file_path=file_path)
        if default is not None and not os.path.exists(self.path(file_path)):
            return Blob(default)
        with open(self.path(file_path)) as handle:
            return Blob(handle.read())

    def read_yaml(self, path, default=None):
        self.record('read_yaml', path=path)
        if default is not None and not os.path.exists(self.path(path)):
            return default
        with open(self.path(path)) as handle:
            return yaml.safe_load(handle)

    def docker_build(self, ref, context, build_args={}, dockerfile='Dockerfile', dockerfile_contents='',
                     live_update=[], match_in_env_vars=False, ignore=[], only=[], entrypoint=[], target='', ssh='',
                     network='', secret='', extra_tag='', container_args=None, cache_from=[], pull=False,
                     platform=''):
        image = {'ref': ref, 'context': context, 'dockerfile': dockerfile, 'only': only, 'ignore': ignore,
                 'live_update': live_update, 'target': target, 'build_args': build_args}
        self.record('docker_build', **image)
        self.recording.images.append(image)

    def kustomize(self, pathToDir, kustomize_bin=None, flags=[]):
        self.record('kustomize', pathToDir=pathToDir)
        self.recording.kustomize_paths.append(pathToDir)
        if not self.render:
            return Blob('')
        return Blob(_render(self.path(pathToDir)))

    def k8s_yaml(self, yaml_input, allow_duplicates=False):
        self.record('k8s_yaml')
        if not isinstance(yaml_input, Blob):
            raise TypeError('this Tiltfile passes k8s_yaml a Blob (kustomize output), got %r' % (yaml_input,))
        self.recording.yaml_documents += [doc for doc in yaml.safe_load_all(str(yaml_input)) if doc]

    def k8s_resource(self, workload='', new_name='', port_forwards=[], extra_pod_selectors=[],
                     trigger_mode=None, resource_deps=[], objects=[], auto_init=True, pod_readiness='', links=[],
                     labels=[], discovery_strategy=''):
        resource = {'workload': workload, 'new_name': new_name, 'port_forwards': port_forwards,
                    'resource_deps': list(resource_deps), 'objects': list(objects), 'auto_init': auto_init,
                    'links': list(links), 'labels': [labels] if isinstance(labels, str) else list(labels),
                    'trigger_mode': trigger_mode}
        self.record('k8s_resource', **resource)
        name = new_name or workload
        if name in self.recording.k8s_resources:
            raise TiltfileError('k8s_resource %r configured twice' % name)
        self.recording.k8s_resources[name] = resource

    def link(self, url, name=None):
        return types.SimpleNamespace(url=url, name=name)

    def local(self, command, quiet=False, command_bat='', echo_off=False, env={}, dir='', stdin=None):
        self.record('local', command=command)
        self.recording.local_commands.append(command)
        result = subprocess.run(command, shell=isinstance(command, str), cwd=self.path(dir), capture_output=True,
                                text=True, timeout=60,
                                env={**os.environ, 'OVERLAY_CACHE': TEST_OVERLAY_CACHE, **env})
        if result.returncode != 0:
            raise TiltfileError('local %r failed (%d): %s' % (command, result.returncode, result.stderr))
        return Blob(result.stdout)

    def local_resource(self, name, cmd='', deps=None, trigger_mode=None, resource_deps=[], ignore=[],
                       auto_init=True, serve_cmd='', cmd_bat='', serve_cmd_bat='', allow_parallel=False, links=[],
                       tags=[], env={}, serve_env={}, readiness_probe=None, dir='', serve_dir='', labels=[]):
        resource = {'cmd': cmd, 'deps': deps, 'trigger_mode': trigger_mode or self.trigger_auto,
                    'resource_deps': list(resource_deps), 'auto_init': auto_init, 'serve_cmd': serve_cmd,
                    'links': list(links), 'labels': [labels] if isinstance(labels, str) else list(labels)}
        self.record('local_resource', name=name, **resource)
        if name in self.recording.local_resources:
            raise TiltfileError('local_resource %r defined twice' % name)
        self.recording.local_resources[name] = resource

    # -- ext://uibutton -----------------------------------------------------------------------------------------
    def cmd_button(self, name, resource='', argv=[], text=None, location='resource', icon_name=None, icon_svg=None,
                   inputs=[]):
        if not argv:
            raise TiltfileError('argv cannot be empty')
        if location == 'resource' and not resource:
            raise TiltfileError('Must provide a resource name')
        button = {'resource': resource, 'argv': list(argv), 'text': text, 'location': location, 'inputs': inputs}
        self.record('cmd_button', name=name, **button)
        self.recording.buttons[name] = button

    def text_input(self, name, label='', default='', placeholder=''):
        return {'name': name, 'label': label, 'text': {'defaultValue': default, 'placeholder': placeholder}}

    # -- what Tilt checks once the Tiltfile has run -------------------------------------------------------------
    def finish(self):
        rec = self.recording
        known = rec.resource_names()
        if rec.rendered:
            workloads = rec.workloads()
            for name, resource in rec.k8s_resources.items():
                if resource['workload'] and resource['workload'] not in workloads:
                    raise TiltfileError('k8s_resource %r: no such workload in the YAML' % name)
                for selector in resource['objects']:
                    if len(_matching_objects(rec.yaml_documents, selector)) != 1:
                        raise TiltfileError('k8s_resource %r: object %r does not match exactly one object'
                                            % (name, selector))
        for name, resource in list(rec.k8s_resources.items()) + list(rec.local_resources.items()):
            for dep in resource['resource_deps']:
                if dep not in known:
                    raise TiltfileError('resource %r depends on unknown resource %r' % (name, dep))
        for name, button in rec.buttons.items():
            if button['location'] == 'resource' and button['resource'] not in known:
                raise TiltfileError('button %r is on unknown resource %r' % (name, button['resource']))
        return rec


_RENDERED = {}


def _render(directory):
    """`kubectl kustomize`, memoized per test process on the directory and its kustomization.yaml."""
    with open(os.path.join(directory, 'kustomization.yaml')) as handle:
        key = (directory, handle.read())
    if key not in _RENDERED:
        rendered = subprocess.run(['kubectl', 'kustomize', directory], capture_output=True, text=True, timeout=60)
        if rendered.returncode != 0:
            raise TiltfileError('kustomize %s failed: %s' % (directory, rendered.stderr))
        _RENDERED[key] = rendered.stdout
    return _RENDERED[key]


def _matching_objects(documents, selector):
    parts = selector.lower().split(':')
    def matches(doc):
        fields = [doc['metadata']['name'], doc.get('kind', ''), doc['metadata'].get('namespace', '')]
        return all(part == field.lower() for part, field in zip(parts, fields))
    return [doc for doc in documents if matches(doc)]


def _caller_scope():
    """The globals of the Starlark file that called load() (the frame two levels up: load <- file)."""
    return sys._getframe(2).f_globals


def run_tiltfile(args=(), context='kind-iris-lab', source=None, render=True):
    """Executes the Tiltfile (or `source` in its place) against the stub; returns the checked Recording."""
    stub = TiltStub(args, context, render)
    if source is None:
        with open(TILTFILE) as handle:
            source = handle.read()
    stub.execute(source, 'Tiltfile')
    return stub.finish()
