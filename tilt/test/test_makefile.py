"""The Makefile's lab targets checked with `make -n` (print, never run): the commands each would run, in order,
and the guards (profile required, GKE context checked, tracked files never rewritten)."""

import os
import re
import shutil
import subprocess
import unittest

from tilt.test.lab_files import REPO, lab_env, profiles

MAKEFILE = os.path.join(REPO, 'Makefile')
REQUIRED_TARGETS = ['help', 'lab-up', 'lab-down', 'lab-ci', 'experiment', 'deploy-gke', 'demo', 'test', 'doctor',
                    'install', 'build', 'lint', 'train-model', 'bench', 'locust-ui', 'demo-ui']


def make(*args):
    return subprocess.run(['make', '--no-print-directory', '-C', REPO, *args], capture_output=True, text=True,
                          timeout=60)


def dry_run(*args):
    result = make('-n', *args)
    if result.returncode != 0:
        raise AssertionError('make -n %s failed: %s' % (' '.join(args), result.stderr))
    return result.stdout


def makefile_text():
    with open(MAKEFILE) as handle:
        return handle.read()


@unittest.skipUnless(shutil.which('make'), 'GNU make is not installed (apt-get install make)')
class MakefileTest(unittest.TestCase):
    def setUp(self):
        self.env = lab_env()

    def assertInOrder(self, output, *fragments):
        position = -1
        for fragment in fragments:
            found = output.find(fragment, position + 1)
            self.assertGreater(found, position, '%r missing or out of order in:\n%s' % (fragment, output))
            position = found

    def test_help_is_the_default_and_lists_every_target(self):
        listing = re.sub(r'\x1b\[[0-9;]*m', '', make().stdout)
        for target in REQUIRED_TARGETS:
            self.assertRegex(listing, r'(?m)^  %s +\S' % re.escape(target), target)

    def test_every_target_is_phony_and_documented(self):
        text = makefile_text()
        targets = re.findall(r'^([a-z][a-z0-9-]*):', text, re.M)
        phony = set(re.findall(r'^\.PHONY: *(.+)$', text, re.M))
        for target in targets:
            self.assertIn(target, phony, '%s has no .PHONY' % target)
            self.assertRegex(text, r'(?m)^%s:.*## \S' % re.escape(target), '%s has no ## description' % target)
        for target in REQUIRED_TARGETS:
            self.assertIn(target, targets)

    def test_tool_versions_are_pinned_in_one_place(self):
        self.assertIn('include tilt/lab.env', makefile_text())
        self.assertNotRegex(makefile_text(), r'\d+\.\d+\.\d+', 'versions belong in tilt/lab.env')

    def test_lab_up_preflights_creates_the_cluster_if_absent_then_starts_tilt(self):
        cluster, context = self.env['KIND_CLUSTER'], self.env['KIND_CONTEXT']
        output = dry_run('lab-up')
        self.assertInOrder(
            output,
            'scripts/doctor.sh docker tools resources inotify ports',
            "kind get clusters 2>/dev/null | grep -qx '%s'" % cluster,
            'kind create cluster --name %s --config kind-config.yaml' % cluster,
            'scripts/doctor.sh context',
            self.env['TILT_URL'], self.env['IRIS_URL'], self.env['JAEGER_URL'], self.env['LOCUST_URL'],
            'tilt up --context %s\n' % context,
        )
        output = dry_run('lab-up', 'PROFILE=300', 'HPA=report-004')
        self.assertIn('tilt up --context %s -- --profile=300 --hpa=report-004' % context, output)
        output = dry_run('lab-up', 'CONDITIONS=report-001')
        self.assertIn('tilt up --context %s -- --conditions=report-001\n' % context, output)

    def test_demo_ui_builds_then_runs_the_demo_with_its_live_view(self):
        self.assertInOrder(dry_run('demo-ui'), 'npm run build\n', 'run --target local --profile demo --ui\n')
        self.assertIn('--profile demo --ui --ui-port 8090\n', dry_run('demo-ui', 'UI_PORT=8090'))

    def test_locust_ui_runs_the_embedded_lab_with_locusts_web_ui(self):
        self.assertIn('run --target local --profile demo --locust-ui\n', dry_run('locust-ui'))
        output = dry_run('locust-ui', 'PROFILE=300', 'LOCUST_IMAGE=iris-lab/locust-standin:2.12-bookworm')
        self.assertIn('--profile 300 --locust-ui --locust-image iris-lab/locust-standin:2.12-bookworm\n', output)
        self.assertIn('--profile demo --locust-ui --conditions report-001\n', dry_run('locust-ui', 'CONDITIONS=report-001'))

    def test_lab_ci_tears_down_and_passes_tilt_cis_exit_code_through(self):
        context = self.env['KIND_CONTEXT']
        output = dry_run('lab-ci')
        self.assertInOrder(output, 'scripts/doctor.sh docker', 'kind create cluster', 'scripts/doctor.sh context',
                           'tilt ci --context %s --timeout' % context, 'status=$?',
                           'tilt down --context %s' % context, 'exit $status')

    def test_lab_down_deletes_only_the_lab_cluster(self):
        self.assertEqual(dry_run('lab-down').strip(), 'kind delete cluster --name %s' % self.env['KIND_CLUSTER'])

    def test_experiment_runs_the_lab_runner_on_kind(self):
        for profile_id in profiles():
            with self.subTest(profile=profile_id):
                output = dry_run('experiment', 'PROFILE=' + profile_id)
                self.assertInOrder(output, 'scripts/doctor.sh context', 'npm run build -w lab',
                                   'node lab/dist/src/cli/main.js run --target kind --profile %s\n' % profile_id)
        output = dry_run('experiment', 'PROFILE=500', 'HPA=report-004', 'USERS=42', 'DURATION=30')
        self.assertIn('run --target kind --profile 500 --hpa report-004 --users 42 --duration 30\n', output)
        output = dry_run('experiment', 'PROFILE=fixed-2000', 'CONDITIONS=report-004')
        self.assertIn('run --target kind --profile fixed-2000 --conditions report-004\n', output)

    def test_experiment_without_a_profile_stops_with_a_message(self):
        result = make('-n', 'experiment')
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('PROFILE is required', result.stderr)

    def test_deploy_gke_goes_through_the_checked_deploy_script(self):
        output = dry_run('deploy-gke', 'GKE_CONTEXT=gke_p_r_c', 'GCP_PROJECT=my-project', 'HPA=report-004',
                         'IMAGE=europe-docker.pkg.dev/p/lab/iris-service:abc123')
        self.assertEqual(output.strip(), "scripts/deploy-gke.sh --context 'gke_p_r_c' --project 'my-project' "
                                         "--image 'europe-docker.pkg.dev/p/lab/iris-service:abc123' --hpa report-004")
        output = dry_run('deploy-gke')
        self.assertEqual(output.strip(), "scripts/deploy-gke.sh --context '' --project '' --image ''")

    def test_delegating_targets(self):
        self.assertEqual(dry_run('doctor').strip(), 'npm run --silent lab -- doctor; embedded=$?; scripts/doctor.sh; '
                                                    'cluster=$?; exit $((embedded | cluster))')
        self.assertEqual(dry_run('demo').strip(), 'npm run demo')
        self.assertEqual(dry_run('test').strip(), 'npm test')

    def test_bench_runs_the_script_on_the_chosen_node(self):
        self.assertEqual(dry_run('bench').strip(), 'npm run build -w lab -w service && node service/bench/run.mjs')
        self.assertEqual(dry_run('bench', 'BENCH_NODE=/opt/node-v24/bin/node').strip(),
                         'npm run build -w lab -w service && /opt/node-v24/bin/node service/bench/run.mjs')


if __name__ == '__main__':
    unittest.main()
