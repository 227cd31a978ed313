"""The root Tiltfile executed against the recording Tilt stub (tilt_stub.py): guards, image, manifests, resources,
parameters and experiment buttons; and the negative cases proving the harness catches what Tilt would reject."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

import yaml

from tilt.test.lab_files import REPO, TEST_OVERLAY_CACHE, conditions, lab_env, profiles
from tilt.test.tilt_stub import TILTFILE, TiltfileError, run_tiltfile

WORKLOADS = {
    # resource: (labels, resource_deps that must be present)
    'iris': (['app'], ['namespace', 'otel-collector']),
    'otel-collector': (['observability'], ['namespace']),
    'jaeger': (['observability'], ['namespace']),
    'metrics-server': (['observability'], []),
    'locust-master': (['load'], ['namespace', 'iris']),
    'locust-worker': (['load'], ['namespace', 'iris']),
}
REPORT_PROFILES = ['150', '300', '500']


def tiltfile_source():
    with open(TILTFILE) as handle:
        return handle.read()


def mutated(old, new):
    source = tiltfile_source()
    assert old in source, 'the mutation target %r is no longer in the Tiltfile' % old
    return source.replace(old, new, 1)


def contract_violations(rec):
    """Every rule of the kind lab's Tiltfile (guards, images, resources, labels, deps, links) the recording breaks
    (empty list: the Tiltfile keeps the contract)."""
    env = lab_env()
    problems = []
    first = [call for call in rec.api_calls() if call not in ('read_file',)][:2]
    if first != ['version_settings', 'allow_k8s_contexts']:
        problems.append('guards are not first: %s' % first)
    if (rec.version_settings or {}).get('constraint') != '>=' + env['TILT_MIN_VERSION']:
        problems.append('version constraint %r' % rec.version_settings)
    if rec.allowed_contexts != [env['KIND_CONTEXT']]:
        problems.append('allowed contexts %r' % rec.allowed_contexts)
    if sorted(rec.config_definitions) != ['conditions', 'hpa', 'profile'] or not rec.config_parsed:
        problems.append('config params %r, parsed=%s' % (sorted(rec.config_definitions), rec.config_parsed))
    images = [(i['ref'], i['context'], i['dockerfile']) for i in rec.images]
    if images != [('iris-service', '.', 'service/Dockerfile')]:
        problems.append('images %r' % images)
    for name, (labels, deps) in WORKLOADS.items():
        resource = rec.k8s_resources.get(name)
        if resource is None:
            problems.append('no k8s_resource %r' % name)
            continue
        if resource['labels'] != labels:
            problems.append('%s labels %r' % (name, resource['labels']))
        missing = [dep for dep in deps if dep not in resource['resource_deps']]
        if missing:
            problems.append('%s misses resource_deps %r' % (name, missing))
    expected_links = {'iris': env['IRIS_URL'], 'jaeger': env['JAEGER_URL'], 'locust-master': env['LOCUST_URL']}
    for name, url in expected_links.items():
        urls = [link.url for link in rec.k8s_resources.get(name, {}).get('links', [])]
        if not any(u.rstrip('/') == url for u in urls):
            problems.append('%s has no link to %s (links: %r)' % (name, url, urls))
    return problems


class TiltfileContractTest(unittest.TestCase):
    def setUp(self):
        self.rec = run_tiltfile()
        self.env = lab_env()

    def test_the_tiltfile_keeps_the_contract(self):
        self.assertEqual(contract_violations(self.rec), [])

    def test_guards_come_first(self):
        self.assertEqual(self.rec.api_calls()[:3], ['read_file', 'version_settings', 'allow_k8s_contexts'])

    def test_any_other_kube_context_fails_before_anything_is_deployed(self):
        for context in ['gke_prod_europe-west1_main', 'kind-kind', 'docker-desktop']:
            with self.subTest(context=context):
                with self.assertRaisesRegex(TiltfileError, 'deploys only to kind-iris-lab'):
                    run_tiltfile(context=context)

    def test_image_build_context_is_narrow(self):
        (image,) = self.rec.images
        self.assertEqual((image['ref'], image['context'], image['dockerfile']),
                         ('iris-service', '.', 'service/Dockerfile'))
        self.assertEqual(image['only'], ['package.json', 'package-lock.json', '.npmrc', 'tsconfig.base.json',
                                         'service/package.json', 'service/tsconfig.json',
                                         'service/scripts/bundle.mjs', 'service/scripts/ascii-only.mjs',
                                         'service/scripts/deferred-requires.mjs', 'service/src',
                                         'service/model/iris.onnx', 'service/model/model-card.json'])
        for entry in image['only']:
            self.assertTrue(os.path.exists(os.path.join(REPO, entry)), entry)
            self.assertNotRegex(entry, r'(^|/)(test|dist|node_modules|bench|lab|k8s)(/|$)')

    def test_only_list_covers_every_file_the_dockerfile_copies(self):
        dockerfile = os.path.join(REPO, 'service', 'Dockerfile')
        if not os.path.exists(dockerfile):
            self.skipTest('service/Dockerfile is not written yet; the only= list is checked above')
        (image,) = self.rec.images
        for source in dockerfile_copy_sources(dockerfile):
            covered = [e for e in image['only'] if source == e or source.startswith(e.rstrip('/') + '/')
                       or re.fullmatch(source.replace('.', r'\.').replace('*', '.*'), e)]
            self.assertTrue(covered, 'the Dockerfile copies %r, which only= leaves out of the context' % source)

    def test_only_list_equals_the_dockerignore_allowlist(self):
        dockerignore = os.path.join(REPO, '.dockerignore')
        if not os.path.exists(dockerignore):
            self.skipTest('no .dockerignore yet; only= is checked against the Dockerfile above')
        with open(dockerignore) as handle:
            allowed = [line[1:].strip().rstrip('/') for line in handle if line.startswith('!')]
        (image,) = self.rec.images
        self.assertEqual(sorted(image['only']), sorted(allowed))

    def test_dependency_layer_is_built_before_the_sources_for_fast_rebuilds(self):
        dockerfile = os.path.join(REPO, 'service', 'Dockerfile')
        if not os.path.exists(dockerfile):
            self.skipTest('service/Dockerfile is not written yet')
        with open(dockerfile) as handle:
            lines = [line.strip() for line in handle]
        install = next(i for i, line in enumerate(lines) if re.match(r'RUN\b.*npm (ci|install)', line))
        sources = next(i for i, line in enumerate(lines) if re.match(r'COPY\b(?!.*--from).*\bsrc\b', line))
        self.assertLess(install, sources, 'npm ci must run before COPY src so an edit reuses the dependency layer')

    def test_kind_overlay_is_deployed(self):
        self.assertEqual(self.rec.kustomize_paths, ['k8s/overlays/kind'])
        self.assertEqual(self.rec.local_commands, [])

    def test_every_workload_has_its_labels_and_deps(self):
        for name, (labels, deps) in WORKLOADS.items():
            with self.subTest(resource=name):
                resource = self.rec.k8s_resources[name]
                self.assertEqual(resource['labels'], labels)
                for dep in deps:
                    self.assertIn(dep, resource['resource_deps'])
        self.assertEqual(self.rec.k8s_resources['otel-collector']['resource_deps'], ['namespace', 'jaeger'])
        self.assertEqual(self.rec.k8s_resources['locust-worker']['resource_deps'], ['namespace', 'iris', 'locust-master'])

    def test_workloads_in_the_lab_namespace_wait_for_it(self):
        namespace = self.rec.k8s_resources['namespace']
        self.assertEqual(namespace['objects'], [lab_env()['LAB_NAMESPACE'] + ':namespace'])
        if self.rec.rendered:
            for name, workload in self.rec.workloads().items():
                if workload['metadata'].get('namespace') == lab_env()['LAB_NAMESPACE']:
                    self.assertIn('namespace', self.rec.k8s_resources[name]['resource_deps'], name)

    def test_every_rendered_workload_is_configured(self):
        if not self.rec.rendered:
            self.skipTest('kubectl is not installed: the kind overlay cannot be rendered here')
        self.assertEqual(sorted(self.rec.workloads()), sorted(WORKLOADS))
        images = {c['image'] for d in self.rec.workloads().values() for c in d['spec']['template']['spec']['containers']}
        self.assertTrue(any(i.split(':')[0] == 'iris-service' for i in images), images)

    def test_links_point_at_the_kind_port_mappings(self):
        links = {name: [link.url for link in r['links']] for name, r in self.rec.k8s_resources.items()}
        self.assertEqual(links['iris'], [self.env['IRIS_URL'] + p for p in ['/', '/model', '/metrics']])
        self.assertEqual(links['jaeger'], [self.env['JAEGER_URL']])
        self.assertEqual(links['locust-master'], [self.env['LOCUST_URL']])
        with open(os.path.join(REPO, 'kind-config.yaml')) as handle:
            kind = yaml.safe_load(handle)
        host_port = {m['containerPort']: m['hostPort'] for node in kind['nodes'] for m in node.get('extraPortMappings', [])}
        for node_port, key in [(30080, 'IRIS_URL'), (30686, 'JAEGER_URL'), (30089, 'LOCUST_URL')]:
            self.assertEqual(self.env[key], 'http://localhost:%d' % host_port[node_port], key)

    def test_hpa_and_pdb_are_grouped_with_the_service(self):
        self.assertEqual(self.rec.k8s_resources['iris']['objects'],
                         ['iris:horizontalpodautoscaler', 'iris:poddisruptionbudget'])

    def test_lab_parameters(self):
        self.assertEqual(sorted(self.rec.config_definitions), ['conditions', 'hpa', 'profile'])
        self.assertTrue(self.rec.config_parsed)
        with self.assertRaisesRegex(TiltfileError, "unknown profile 'nope'.*150"):
            run_tiltfile(args=['--profile=nope'])
        known = ', '.join(sorted(conditions()))
        with self.assertRaisesRegex(
                TiltfileError, re.escape("unknown conditions 'report-002': lab/profiles.yaml has %s" % known) + '$'):
            run_tiltfile(args=['--conditions=report-002'])
        with self.assertRaisesRegex(TiltfileError, 'unknown Tiltfile arg --users'):
            run_tiltfile(args=['--users=5'])

    def test_hpa_variant_is_composed_into_the_kind_overlay(self):
        expected_max = {'report-000': 10, 'report-004': 3}
        for variant, max_replicas in expected_max.items():
            with self.subTest(variant=variant):
                rec = run_tiltfile(args=['--hpa', variant])
                self.assertEqual(rec.local_commands, [['scripts/compose-overlay.sh', 'k8s/overlays/kind', '--hpa', variant]])
                self.assertEqual(rec.kustomize_paths, [TEST_OVERLAY_CACHE + '/kind'])
                if rec.rendered:
                    (hpa,) = [d for d in rec.yaml_documents if d['kind'] == 'HorizontalPodAutoscaler']
                    self.assertEqual(hpa['spec']['maxReplicas'], max_replicas)
        with self.assertRaisesRegex(TiltfileError, "unknown HPA variant 'report-999'"):
            run_tiltfile(args=['--hpa=report-999'])

    def test_one_manual_experiment_resource_per_profile(self):
        ids = sorted(profiles())
        for report_profile in REPORT_PROFILES:
            self.assertIn(report_profile, ids)
        self.assertEqual(sorted(self.rec.local_resources), ['experiment-' + i for i in ids])
        for profile_id, profile in profiles().items():
            with self.subTest(profile=profile_id):
                resource = self.rec.local_resources['experiment-' + profile_id]
                self.assertEqual(resource['cmd'], 'make experiment PROFILE=%s CONDITIONS=lab HPA=%s && make open-report'
                                 % (profile_id, profile['hpa']))
                self.assertFalse(resource['auto_init'], 'an experiment must never run on tilt up / tilt ci')
                self.assertEqual(resource['trigger_mode'].name, 'TRIGGER_MODE_MANUAL')
                self.assertEqual(resource['resource_deps'], ['iris', 'locust-master', 'locust-worker'])
                self.assertEqual(resource['labels'], ['experiments'])

    def test_hpa_parameter_overrides_the_profiles_variant_in_experiments(self):
        rec = run_tiltfile(args=['--hpa=report-000'])
        for resource in rec.local_resources.values():
            self.assertIn('HPA=report-000 ', resource['cmd'])

    def test_conditions_parameter_reaches_every_experiment_with_its_hpa_variant(self):
        rec = run_tiltfile(args=['--conditions=report-004'])
        for profile_id in profiles():
            with self.subTest(profile=profile_id):
                self.assertIn('CONDITIONS=report-004 HPA=report-004 ', rec.local_resources['experiment-' + profile_id]['cmd'])
        rec = run_tiltfile(args=['--conditions=report-004', '--hpa=report-000'])
        self.assertIn('CONDITIONS=report-004 HPA=report-000 ', rec.local_resources['experiment-150']['cmd'])

    def test_experiment_button_with_a_user_count_input(self):
        self.assertEqual(list(self.rec.buttons), ['experiment-custom'])
        button = self.rec.buttons['experiment-custom']
        self.assertEqual(button['resource'], 'locust-master')
        self.assertEqual(button['argv'][:2], ['sh', '-c'])
        self.assertEqual(button['argv'][2], 'make experiment PROFILE="$PROFILE" CONDITIONS="$CONDITIONS" USERS="$USERS" '
                                            'HPA=\'\' && make open-report')
        inputs = {i['name']: i['text']['defaultValue'] for i in button['inputs']}
        self.assertEqual(inputs, {'PROFILE': '150', 'CONDITIONS': 'lab', 'USERS': str(profiles()['150']['users'])})
        labels = {i['name']: i['label'] for i in button['inputs']}
        with open(os.path.join(REPO, 'lab', 'profiles.yaml')) as f:
            conditions_ids = list(yaml.safe_load(f)['conditions'])
        self.assertEqual(labels['CONDITIONS'], 'Conditions (%s)' % ', '.join(conditions_ids))
        for profile_id in ['500', 'staged', 'fixed-1000']:
            with self.subTest(profile=profile_id):
                rec = run_tiltfile(args=['--profile=' + profile_id, '--conditions=report-001', '--hpa=report-004'])
                button = rec.buttons['experiment-custom']
                inputs = {i['name']: i['text']['defaultValue'] for i in button['inputs']}
                profile = profiles()[profile_id]
                users = profile.get('users', profile.get('stages', [{}])[0].get('users', ''))
                self.assertEqual(inputs, {'PROFILE': profile_id, 'CONDITIONS': 'report-001', 'USERS': str(users)})
                self.assertIn('HPA=report-004 ', button['argv'][2])


class HarnessCatchesMistakesTest(unittest.TestCase):
    """Each case breaks the Tiltfile one way; the harness or the contract check must notice."""

    def test_an_unknown_tilt_api_call_fails(self):
        with self.assertRaisesRegex(NameError, 'helm'):
            run_tiltfile(source=tiltfile_source() + "\nk8s_yaml(helm('charts/iris'))\n")

    def test_an_unknown_keyword_argument_fails(self):
        source = mutated("k8s_resource('metrics-server', labels=", "k8s_resource('metrics-server', label=")
        with self.assertRaisesRegex(TypeError, 'label'):
            run_tiltfile(source=source)

    def test_a_missing_resource_dep_breaks_the_contract(self):
        rec = run_tiltfile(source=mutated("resource_deps=['namespace', 'otel-collector'],", "resource_deps=['namespace'],"))
        self.assertIn("iris misses resource_deps ['otel-collector']", contract_violations(rec))

    def test_a_dependency_on_an_unknown_resource_fails(self):
        source = mutated("resource_deps=['namespace', 'otel-collector'],", "resource_deps=['otel-colector'],")
        with self.assertRaisesRegex(TiltfileError, "unknown resource 'otel-colector'"):
            run_tiltfile(source=source)

    def test_a_wrong_label_or_a_missing_link_breaks_the_contract(self):
        rec = run_tiltfile(source=mutated("""k8s_resource('jaeger', labels=['observability'], resource_deps=['namespace'],
             links=[link(LAB['JAEGER_URL'], 'Jaeger UI')])""", "k8s_resource('jaeger', labels=['app'])"))
        self.assertIn("jaeger labels ['app']", contract_violations(rec))
        self.assertTrue([p for p in contract_violations(rec) if p.startswith('jaeger has no link')])

    def test_a_resource_for_a_workload_that_is_not_deployed_fails(self):
        rec = run_tiltfile()
        if not rec.rendered:
            self.skipTest('kubectl is not installed: workloads cannot be rendered here')
        with self.assertRaisesRegex(TiltfileError, "'grafana': no such workload"):
            run_tiltfile(source=tiltfile_source() + "\nk8s_resource('grafana', labels=['observability'])\n")

    def test_python_that_is_not_starlark_fails(self):
        with self.assertRaisesRegex(SyntaxError, 'JoinedStr is not Starlark'):
            run_tiltfile(source=tiltfile_source() + "\nprint(f'{HPA}')\n")
        with self.assertRaisesRegex(SyntaxError, 'Import is not Starlark'):
            run_tiltfile(source='import os\n' + tiltfile_source())

    def test_string_methods_on_a_blob_fail_as_in_tilt(self):
        source = tiltfile_source().replace("LAB = lab_settings('tilt/lab.env')",
                                           "LAB = lab_settings('tilt/lab.env')\nread_file('tilt/lab.env').strip()", 1)
        with self.assertRaises(AttributeError):
            run_tiltfile(source=source)

    def test_guards_moved_below_a_deploy_break_the_contract(self):
        source = mutated("version_settings(constraint='>=' + LAB['TILT_MIN_VERSION'])\n", '')
        source += "\nversion_settings(constraint='>=' + LAB['TILT_MIN_VERSION'])\n"
        self.assertTrue([p for p in contract_violations(run_tiltfile(source=source)) if 'guards' in p])


BUILDIFIER = os.path.join(REPO, 'node_modules', '.bin', 'buildifier')


@unittest.skipUnless(os.path.exists(BUILDIFIER), 'buildifier not installed: run npm ci (root devDependencies)')
class RealStarlarkParserTest(unittest.TestCase):
    """Python running the Tiltfile proves little about Starlark syntax: buildifier (the Bazel authors' Starlark
    parser) must parse it. Exit 0 = parsed and formatted as buildifier likes, 4 = parsed, would reformat: both
    fine; 1 = syntax error."""

    def parse(self, *paths):
        return subprocess.run([BUILDIFIER, '--mode=check', '--lint=off', '--type=default', *paths],
                              capture_output=True, text=True, timeout=60, cwd=REPO)

    def test_the_tiltfile_and_its_helpers_are_starlark(self):
        result = self.parse('Tiltfile', 'tilt/lab.star')
        self.assertIn(result.returncode, (0, 4), result.stderr)
        self.assertNotIn('syntax error', result.stderr)

    def test_the_parser_rejects_python_only_syntax(self):
        tmp = tempfile.mkdtemp(prefix='starlark-')
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, 'Tiltfile')
        with open(path, 'w') as handle:
            handle.write(tiltfile_source() + "\ntry:\n    x = 1\nexcept:\n    x = 2\n")
        result = self.parse(path)
        self.assertEqual(result.returncode, 1)
        self.assertIn('syntax error', result.stderr)


def dockerfile_copy_sources(path):
    """Sources of the COPY/ADD lines that read the build context (not --from another stage)."""
    sources = []
    with open(path) as handle:
        for line in handle:
            words = line.split()
            if not words or words[0].upper() not in ('COPY', 'ADD') or any(w.startswith('--from') for w in words):
                continue
            args = [w for w in words[1:] if not w.startswith('--')]
            sources += [s[2:] if s.startswith('./') else s for s in args[:-1]]
    return sources


if __name__ == '__main__':
    unittest.main()
