"""scripts/deploy-gke.sh: refuses any context but an existing gke_* one, renders the real GKE overlay with the
image, HPA variant and project filled in (never in tracked files), then applies and waits for the rollout.
kubectl is a logging wrapper: `kubectl kustomize` runs the real kubectl, cluster calls are only recorded."""

import os
import shutil
import subprocess
import tempfile
import unittest

import yaml

from tilt.test.lab_files import REPO, TEST_OVERLAY_CACHE, lab_env
from tilt.test.test_compose_overlay import tree_digest

SCRIPT = os.path.join(REPO, 'scripts', 'deploy-gke.sh')
CONTEXT = 'gke_my-project_europe-west1_iris'
IMAGE = 'europe-west1-docker.pkg.dev/my-project/iris-lab/iris-service:0123abc'
REAL_KUBECTL = shutil.which('kubectl')

WRAPPER = """#!/bin/bash
echo "$*" >> "{log}"
case "$1" in
  kustomize) exec "{real}" "$@" ;;
  config) printf '%s\\n' kind-iris-lab {context} ;;
  --context) [ "$3" = apply ] && cp "$5" "{log}.applied"; exit 0 ;;
  *) exit 3 ;;
esac
"""


@unittest.skipUnless(REAL_KUBECTL, 'kubectl is not installed: the GKE overlay cannot be rendered here')
@unittest.skipUnless(os.path.exists(os.path.join(REPO, 'k8s/overlays/gke')), 'k8s/overlays/gke not written yet')
class DeployGkeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='deploy-gke-')
        self.addCleanup(shutil.rmtree, self.tmp)
        self.log = os.path.join(self.tmp, 'kubectl.log')
        os.makedirs(os.path.join(self.tmp, 'bin'))
        wrapper = os.path.join(self.tmp, 'bin', 'kubectl')
        with open(wrapper, 'w') as handle:
            handle.write(WRAPPER.format(log=self.log, real=REAL_KUBECTL, context=CONTEXT))
        os.chmod(wrapper, 0o755)

    def deploy(self, *args):
        env = {**os.environ, 'PATH': os.path.join(self.tmp, 'bin') + os.pathsep + os.environ['PATH'],
               'OVERLAY_CACHE': TEST_OVERLAY_CACHE}
        return subprocess.run(['bash', SCRIPT, *args], env=env, capture_output=True, text=True, timeout=120)

    def kubectl_calls(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as handle:
            return handle.read().splitlines()

    def test_renders_image_hpa_and_project_without_touching_tracked_files(self):
        before = tree_digest(REPO, 'k8s')
        result = self.deploy('--context', CONTEXT, '--project', 'my-project', '--image', IMAGE, '--hpa', 'report-004',
                             '--render-only')
        self.assertEqual(result.returncode, 0, result.stderr)
        objects = {(d['kind'], d['metadata']['name']): d for d in yaml.safe_load_all(result.stdout) if d}
        containers = objects[('Deployment', 'iris')]['spec']['template']['spec']['containers']
        self.assertIn(IMAGE, [c['image'] for c in containers])
        self.assertEqual(objects[('HorizontalPodAutoscaler', 'iris')]['spec']['maxReplicas'], 3)
        self.assertNotIn('PROJECT_ID', result.stdout)
        self.assertIn('@my-project.iam.gserviceaccount.com', result.stdout)
        self.assertEqual(tree_digest(REPO, 'k8s'), before)
        self.assertFalse([c for c in self.kubectl_calls() if c.startswith(('apply', '--context', 'config'))])

    def test_applies_to_the_named_context_then_waits_for_the_rollout(self):
        result = self.deploy('--context', CONTEXT, '--project', 'my-project', '--image', IMAGE)
        self.assertEqual(result.returncode, 0, result.stderr)
        calls = self.kubectl_calls()
        apply = [c for c in calls if c.startswith('--context %s apply -f ' % CONTEXT)]
        self.assertEqual(len(apply), 1, calls)
        self.assertEqual(calls[-1], '--context %s -n %s rollout status deployment/iris --timeout=5m'
                         % (CONTEXT, lab_env()['LAB_NAMESPACE']))
        self.assertLess(calls.index('config get-contexts -o name'), calls.index(apply[0]))
        with open(self.log + '.applied') as handle:
            self.assertIn('image: ' + IMAGE, handle.read())

    def test_refuses_other_contexts_and_bad_input_before_any_cluster_call(self):
        image = ['--image', IMAGE]
        cases = [
            (['--context', 'kind-iris-lab', '--project', 'my-project'] + image, '--context must be a gke_'),
            (['--project', 'my-project'] + image, '--context must be a gke_'),
            (['--context', 'gke_other_x_y', '--project', 'my-project'] + image, "no kube context 'gke_other_x_y'"),
            (['--context', CONTEXT, '--project', 'PROJECT_ID'] + image, '--project must be a Google Cloud project id'),
            (['--context', CONTEXT, '--project', 'x; rm -rf /'] + image, '--project must be a Google Cloud project id'),
            (['--context', CONTEXT, '--project', 'my-project'], '--image is required'),
            (['--context', CONTEXT, '--project', 'my-project', '--hpa', 'report-999'] + image, 'unknown HPA variant'),
            (['--context', CONTEXT, '--zone', 'x'], "unknown argument '--zone'"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                result = self.deploy(*args)
                self.assertEqual(result.returncode, 2, result.stdout)
                self.assertIn(message, result.stderr)
                self.assertFalse([c for c in self.kubectl_calls() if 'apply' in c or 'rollout' in c])


if __name__ == '__main__':
    unittest.main()
