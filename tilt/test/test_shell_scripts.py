"""The lab's shell scripts parse (bash -n, always) and pass shellcheck (when installed: Debian's `shellcheck`)."""

import os
import shutil
import subprocess
import unittest

from tilt.test.lab_files import REPO

SCRIPTS = ['scripts/doctor.sh', 'scripts/compose-overlay.sh', 'scripts/deploy-gke.sh']


class ShellScriptsTest(unittest.TestCase):
    def test_scripts_parse_and_are_executable(self):
        for script in SCRIPTS:
            with self.subTest(script=script):
                path = os.path.join(REPO, script)
                self.assertTrue(os.access(path, os.X_OK), '%s is not executable' % script)
                result = subprocess.run(['bash', '-n', path], capture_output=True, text=True, timeout=30)
                self.assertEqual(result.returncode, 0, result.stderr)

    @unittest.skipUnless(shutil.which('shellcheck'), 'shellcheck is not installed (apt-get install shellcheck)')
    def test_shellcheck_is_clean(self):
        result = subprocess.run(['shellcheck', '-x', *SCRIPTS], capture_output=True, text=True, timeout=60, cwd=REPO)
        self.assertEqual(result.returncode, 0, result.stdout)


if __name__ == '__main__':
    unittest.main()
