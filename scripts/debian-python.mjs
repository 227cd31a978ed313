// The interpreter that carries Debian's python3-* packages (scikit-learn, ONNX, Locust, PyYAML): /usr/bin/python3,
// not whichever python3 comes first on PATH (a pyenv one has none of them). PYTHON overrides it.
import { existsSync } from 'node:fs';

export const debianPython = () =>
  process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
