"""scripts/doctor.sh against fake docker/kind/tilt/kubectl: each missing or wrong tool, each wrong context, and the
host limits, with PATH holding only the fakes and the few system tools the script uses."""

import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
import unittest

from tilt.test.lab_files import REPO, lab_env

DOCTOR = os.path.join(REPO, 'scripts', 'doctor.sh')
SYSTEM_TOOLS = ['bash', 'dirname', 'grep', 'sort', 'head']
GIB = 1024**3

# A healthy machine; each test breaks one thing.
HEALTHY = {
    'docker_running': True,
    'docker_info': '8 %d' % (16 * GIB),
    'kind_version': 'kind v0.29.0 go1.24.2 linux/amd64',
    'tilt_version': 'v0.33.21, built 2024-11-07',
    'kubectl_version': 'Client Version: v1.33.1\nKustomize Version: v5.6.0',
    'clusters': 'iris-lab',
    'context': 'kind-iris-lab',
    'api_ready': True,
    'watches': 524288,
    'instances': 512,
    'mem_available_kib': 12 * 1024 * 1024,
}

FAKES = {
    'docker': """
        [ "$1" = info ] || exit 3
        [ "$FAKE_DOCKER_RUNNING" = 1 ] || { echo 'Cannot connect to the Docker daemon' >&2; exit 1; }
        [ "$2" = --format ] && echo "$FAKE_DOCKER_INFO"
        exit 0""",
    'kind': """
        case "$1" in
          version) echo "$FAKE_KIND_VERSION" ;;
          get) [ "$2" = clusters ] && printf '%s\\n' $FAKE_CLUSTERS ;;
          *) exit 3 ;;
        esac""",
    'tilt': """
        [ "$1" = version ] && echo "$FAKE_TILT_VERSION" || exit 3""",
    'kubectl': """
        case "$*" in
          'version --client') echo "$FAKE_KUBECTL_VERSION" ;;
          'config current-context') [ -n "$FAKE_CONTEXT" ] && echo "$FAKE_CONTEXT" || exit 1 ;;
          *'get --raw /readyz') [ "$FAKE_API_READY" = 1 ] ;;
          *) exit 3 ;;
        esac""",
}


class DoctorSandbox:
    """A temp dir with a PATH of fakes (each logs its argv) plus fake /proc files and a kind-config.yaml."""

    def __init__(self, tmp, machine, missing=(), kind_config='hostPort: 8080\n', inotify=True):
        self.tmp = tmp
        self.machine = machine
        self.bin = os.path.join(tmp, 'bin')
        os.makedirs(self.bin)
        self.calls_log = os.path.join(tmp, 'calls.log')
        for tool in SYSTEM_TOOLS:
            os.symlink(shutil.which(tool), os.path.join(self.bin, tool))
        for name, body in FAKES.items():
            if name not in missing:
                self._write_fake(name, body)
        self.proc_sys = os.path.join(tmp, 'proc-sys')
        if inotify:
            os.makedirs(os.path.join(self.proc_sys, 'fs', 'inotify'))
            self._write('proc-sys/fs/inotify/max_user_watches', '%d\n' % machine['watches'])
            self._write('proc-sys/fs/inotify/max_user_instances', '%d\n' % machine['instances'])
        self.meminfo = self._write('meminfo', 'MemTotal: 1 kB\nMemAvailable: %d kB\n' % machine['mem_available_kib'])
        self.kind_config = self._write('kind-config.yaml', kind_config)

    def _write(self, relative, text):
        path = os.path.join(self.tmp, relative)
        with open(path, 'w') as handle:
            handle.write(text)
        return path

    def _write_fake(self, name, body):
        script = '#!/bin/bash\necho "%s $*" >> "%s"\n%s\n' % (name, self.calls_log, textwrap.dedent(body))
        path = self._write(os.path.join('bin', name), script)
        os.chmod(path, 0o755)

    def run(self, *checks):
        m = self.machine
        env = {
            'PATH': self.bin,
            'DOCTOR_PROC_SYS': self.proc_sys,
            'DOCTOR_MEMINFO': self.meminfo,
            'DOCTOR_KIND_CONFIG': self.kind_config,
            'FAKE_DOCKER_RUNNING': '1' if m['docker_running'] else '0',
            'FAKE_DOCKER_INFO': m['docker_info'],
            'FAKE_KIND_VERSION': m['kind_version'],
            'FAKE_TILT_VERSION': m['tilt_version'],
            'FAKE_KUBECTL_VERSION': m['kubectl_version'],
            'FAKE_CLUSTERS': m['clusters'],
            'FAKE_CONTEXT': m['context'],
            'FAKE_API_READY': '1' if m['api_ready'] else '0',
        }
        result = subprocess.run(
            [shutil.which('bash'), DOCTOR, *checks], env=env, capture_output=True, text=True, timeout=30
        )
        return result

    def calls(self):
        if not os.path.exists(self.calls_log):
            return []
        with open(self.calls_log) as handle:
            return handle.read().splitlines()


class DoctorTest(unittest.TestCase):
    def doctor(self, *checks, missing=(), **overrides):
        kind_config = overrides.pop('kind_config', 'hostPort: 8080\n')
        inotify = overrides.pop('inotify', True)
        tmp = tempfile.mkdtemp(prefix='doctor-')
        self.addCleanup(shutil.rmtree, tmp)
        self.sandbox = DoctorSandbox(tmp, {**HEALTHY, **overrides}, missing, kind_config, inotify)
        return self.sandbox.run(*checks)

    def assertFails(self, result, problem, fix):
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        lines = result.stdout.splitlines()
        failing = [i for i, line in enumerate(lines) if line.strip().startswith('FAIL') and problem in line]
        self.assertTrue(failing, 'no FAIL line with %r in:\n%s' % (problem, result.stdout))
        self.assertIn('fix:', lines[failing[0] + 1])
        self.assertIn(fix, lines[failing[0] + 1])

    def test_healthy_machine_passes_every_check(self):
        result = self.doctor()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn('All checks passed.', result.stdout)
        self.assertNotIn('FAIL', result.stdout)
        env = lab_env()
        for line in ['kind 0.29.0 (>= %s)' % env['KIND_MIN_VERSION'], 'tilt 0.33.21 (>= %s)' % env['TILT_MIN_VERSION'],
                     'kubectl 1.33.1 (>= %s)' % env['KUBECTL_MIN_VERSION'],
                     'kube context is kind-iris-lab and its API server is ready']:
            self.assertIn(line, result.stdout)

    def test_it_only_reads_never_installs_or_changes_anything(self):
        self.doctor()
        read_only = {'docker info', 'kind version', 'kind get', 'tilt version', 'kubectl version', 'kubectl config',
                     'kubectl --context'}
        calls = self.sandbox.calls()
        self.assertTrue(calls)
        for call in calls:
            self.assertIn(' '.join(call.split()[:2]), read_only, call)
        self.assertFalse([c for c in calls if 'use-context' in c or 'create' in c or 'apply' in c])

    def test_docker_missing(self):
        self.assertFails(self.doctor('docker', missing=['docker']), 'docker is not installed', 'install Docker')

    def test_docker_not_running(self):
        result = self.doctor('docker', docker_running=False)
        self.assertFails(result, 'Docker is not running', 'systemctl start docker')

    def test_each_tool_missing(self):
        for tool in ['kind', 'tilt', 'kubectl']:
            with self.subTest(tool=tool):
                result = self.doctor('tools', missing=[tool])
                self.assertFails(result, '%s is not installed' % tool, 'install %s' % tool)

    def test_each_tool_too_old(self):
        old = {'kind_version': 'kind v0.28.0 go1.20 linux/amd64', 'tilt_version': 'v0.32.9, built 2023-01-01',
               'kubectl_version': 'Client Version: v1.31.9'}
        for key, version in old.items():
            tool = key.split('_')[0]
            with self.subTest(tool=tool):
                result = self.doctor('tools', **{key: version})
                self.assertFails(result, 'is older than', 'upgrade %s' % tool)

    def test_versions_compare_numerically_not_as_text(self):
        result = self.doctor('tools', kind_version='kind v0.100.0', kubectl_version='Client Version: v1.100.0')
        self.assertEqual(result.returncode, 0, result.stdout)

    def test_unreadable_version(self):
        self.assertFails(self.doctor('tools', tilt_version='garbage'), 'cannot read the version of tilt', 'tilt')

    def test_wrong_context_when_the_lab_cluster_exists(self):
        result = self.doctor('context', context='gke_prod_europe-west1_main')
        self.assertFails(result, "kube context is 'gke_prod_europe-west1_main'", 'kubectl config use-context kind-iris-lab')

    def test_no_current_context_when_the_lab_cluster_exists(self):
        result = self.doctor('context', context='')
        self.assertFails(result, "kube context is '<none>'", 'kubectl config use-context kind-iris-lab')

    def test_another_kind_cluster_is_still_the_wrong_context(self):
        result = self.doctor('context', context='kind-kind', clusters='kind iris-lab')
        self.assertFails(result, "kube context is 'kind-kind'", 'use-context kind-iris-lab')

    def test_lab_context_whose_api_server_is_down(self):
        result = self.doctor('context', api_ready=False)
        self.assertFails(result, 'its API server does not answer', 'docker start iris-lab-control-plane')

    def test_cluster_not_created_yet_is_not_a_failure(self):
        result = self.doctor('context', context='gke_prod_x_y', clusters='other')
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn('make lab-up creates it', result.stdout)

    def test_context_check_without_kubectl(self):
        self.assertFails(self.doctor('context', missing=['kubectl']), 'kubectl is not installed', 'install kubectl')

    def test_too_few_cpus_and_too_little_memory_for_docker(self):
        result = self.doctor('resources', docker_info='2 %d' % (4 * GIB))
        self.assertFails(result, 'Docker has 2 CPUs', 'more CPUs')
        self.assertFails(result, 'Docker has 4 GiB of memory', 'more memory')

    def test_too_little_free_memory(self):
        result = self.doctor('resources', mem_available_kib=1024 * 1024)
        self.assertFails(result, 'only 1 GiB of memory free', 'close memory-hungry programs')

    def test_inotify_limits_too_low(self):
        result = self.doctor('inotify', watches=8192, instances=128)
        self.assertFails(result, 'fs.inotify.max_user_watches = 8192', 'sudo sysctl fs.inotify.max_user_watches=524288')
        self.assertFails(result, 'fs.inotify.max_user_instances = 128', 'fs.inotify.max_user_instances=512')

    def test_inotify_is_skipped_off_linux(self):
        result = self.doctor('inotify', inotify=False)
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn('not a Linux host', result.stdout)

    def test_port_in_use_before_the_cluster_exists(self):
        listener = socket.socket()
        self.addCleanup(listener.close)
        listener.bind(('127.0.0.1', 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = self.doctor('ports', clusters='', kind_config='    hostPort: %d\n' % port)
        self.assertFails(result, 'port %d on 127.0.0.1 is in use' % port, 'lsof -i :%d' % port)

    def test_free_ports_pass_and_an_existing_cluster_skips_the_port_check(self):
        free = socket.socket()
        free.bind(('127.0.0.1', 0))
        port = free.getsockname()[1]
        free.close()
        result = self.doctor('ports', clusters='', kind_config='hostPort: %d\n' % port)
        self.assertIn('port %d is free' % port, result.stdout)
        result = self.doctor('ports')
        self.assertIn('already holds its port mappings', result.stdout)

    def test_unknown_check_is_a_usage_error(self):
        result = self.doctor('everything')
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown check 'everything'", result.stderr)


if __name__ == '__main__':
    unittest.main()
