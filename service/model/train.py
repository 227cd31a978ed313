#!/usr/bin/python3
"""Train the Iris classifier and export it as ONNX plus a model card.

Run with Debian's interpreter (python3-sklearn, python3-onnx): `/usr/bin/python3 service/model/train.py`
(`make train-model`). `--check` retrains in memory and fails if the committed files differ, so CI can prove
that `iris.onnx`, `model-card.json` and `reference-predictions.json` are what this script produces.

Retraining reproduces the model only up to the BLAS kernel's rounding: lbfgs stops where its gradient is below
`tol`, and the path there depends on how numpy's BLAS (OpenBLAS picks a kernel per CPU) rounds, so another CPU
ends at weights a few 1e-4 away (the intercepts drift further: adding one constant to all three leaves the loss
unchanged) and its float32 ONNX weights, hence the ONNX bytes and their sha256 in the card, differ. `--check`
therefore compares exactly what is the same on every machine (the graph, the card apart from that sha256, the
rows and labels) and the weights by what they compute: probabilities within RETRAIN_TOLERANCE.

skl2onnx is not packaged in Debian, so the graph is built by hand: a multinomial LogisticRegression is
softmax(x · coefᵀ + intercept), i.e. Gemm → Softmax, and its predicted class is ArgMax over the same logits.
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

# Debian package that provides each top-level module this script imports.
DEBIAN_PACKAGES = {
    "numpy": "python3-numpy",
    "scipy": "python3-scipy",
    "sklearn": "python3-sklearn",
    "onnx": "python3-onnx",
}

try:
    import numpy as np
    import onnx
    import sklearn
    from google.protobuf.message import DecodeError
    from onnx import TensorProto, helper, numpy_helper
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
except ModuleNotFoundError as missing:
    module = (missing.name or "?").split(".")[0]
    raise SystemExit(
        f"error: Python module '{module}' ({DEBIAN_PACKAGES.get(module, 'not a Debian package')}) is missing "
        f"from {sys.executable}.\n"
        "Install the model's dependencies: sudo apt-get install -y python3-sklearn python3-onnx\n"
        "and run with /usr/bin/python3 (a pyenv or venv python does not see Debian's packages)."
    ) from None

MODEL_DIR = Path(__file__).resolve().parent
ONNX_FILE = "iris.onnx"
CARD_FILE = "model-card.json"
# The trained scikit-learn model's predict_proba and predict on the 150 rows, stored at training time: the
# committed ONNX file must reproduce them up to float32 rounding (service/test/model-parity.e2e-spec.ts).
REFERENCE_FILE = "reference-predictions.json"

# Retrained on another CPU/BLAS kernel, predict_proba moves by up to 7.7e-5 on these rows (measured with each
# OpenBLAS kernel OPENBLAS_CORETYPE can select on x86-64: Prescott, Nehalem, Sandybridge, Haswell/Zen,
# SkylakeX/Cooperlake); 1e-3 leaves a margin of 13, and is 50 times smaller than the smallest gap between the
# two most probable classes of any row (0.052), so the labels cannot differ while probabilities agree this well.
RETRAIN_TOLERANCE = 1e-3
# The ONNX file against the very model it was converted from: float32 (24-bit significand, u = 6e-8) rounds the
# inputs and weights, which moves the probabilities by up to 1.4e-7 here, and the Gemm and Softmax arithmetic,
# which brings the gap to 3.2e-7 (onnxruntime) and 2.8e-7 to 3.8e-7 (numpy float32 on each OpenBLAS sgemm kernel,
# with and without FMA). 1e-6 keeps a margin of 2.6 for other CPUs' float32 kernels, and is 50 times smaller than
# what a model retrained on another BLAS kernel differs by.
FLOAT32_TOLERANCE = 1e-6

MODEL_NAME = "iris"
MODEL_VERSION = "1.0.0"
SEED = 42
TEST_SIZE = 0.2
MIN_TEST_ACCURACY = 0.9
# Defaults as in the reports (raw cm features, no scaling), except max_iter: lbfgs needs 92 of its default 100
# iterations here, too close to the limit for a script that must stay reproducible.
ESTIMATOR_PARAMS = {"C": 1.0, "solver": "lbfgs", "max_iter": 1000}
# Opset 13: Softmax normalises along one axis (earlier opsets flattened), ArgMax with keepdims=0; onnx 1.12
# and onnxruntime 1.30 both support it. IR version 7 is the one that goes with opset 13.
OPSET = 13
IR_VERSION = 7

PRETTIER_PRINT_WIDTH = 110

CLASSES = ["setosa", "versicolor", "virginica"]
# Feature order of the input tensor. accepted_range: inclusive bounds the service accepts, generous physical
# limits for an iris flower (two to four times the largest measurement in the data set), not the data's range.
FEATURES = [
    {"name": "sepal_length", "unit": "cm", "accepted_range": {"min": 0, "max": 20}},
    {"name": "sepal_width", "unit": "cm", "accepted_range": {"min": 0, "max": 10}},
    {"name": "petal_length", "unit": "cm", "accepted_range": {"min": 0, "max": 20}},
    {"name": "petal_width", "unit": "cm", "accepted_range": {"min": 0, "max": 10}},
]
INPUT = {"name": "input", "datatype": "float32", "shape": ["N", len(FEATURES)]}
OUTPUTS = [
    {"name": "probabilities", "datatype": "float32", "shape": ["N", len(CLASSES)]},
    {"name": "label", "datatype": "int64", "shape": ["N"]},
]
PROVENANCE = (
    "Fisher, R. A. (1936) 'The use of multiple measurements in taxonomic problems', Annals of Eugenics 7(2); "
    "UCI Machine Learning Repository 'Iris' data set, read from scikit-learn's bundled copy "
    "(sklearn.datasets.load_iris, no download), which matches Fisher's paper and R's iris "
    "(the UCI file has two wrong data points)."
)


def progress(message):
    print(f"train.py: {message}", file=sys.stderr, flush=True)


def load_dataset():
    """The 150 Iris rows (float64, cm) and class indices, checked against the feature and class order above."""
    iris = load_iris()
    expected_names = [f"{f['name'].replace('_', ' ')} (cm)" for f in FEATURES]
    if list(iris.feature_names) != expected_names or list(iris.target_names) != CLASSES:
        raise SystemExit(f"error: unexpected Iris layout {iris.feature_names} / {list(iris.target_names)}")
    return iris.data, iris.target


def fit(features, labels):
    """Stratified split with a fixed seed, LogisticRegression on the training part, held-out accuracy."""
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=TEST_SIZE, random_state=SEED, stratify=labels
    )
    classifier = LogisticRegression(**ESTIMATOR_PARAMS).fit(x_train, y_train)
    accuracy = float(classifier.score(x_test, y_test))
    return classifier, accuracy, len(x_train), len(x_test)


def build_onnx(classifier):
    """input [N,4] float32 → Gemm → logits → Softmax → probabilities [N,3]; ArgMax(logits) → label [N] int64."""
    weights = numpy_helper.from_array(classifier.coef_.astype(np.float32), name="coefficients")
    bias = numpy_helper.from_array(classifier.intercept_.astype(np.float32), name="intercepts")
    nodes = [
        helper.make_node("Gemm", ["input", "coefficients", "intercepts"], ["logits"], name="linear", transB=1),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
        helper.make_node("ArgMax", ["logits"], ["label"], name="argmax", axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "iris_logistic_regression",
        inputs=[tensor_info(INPUT)],
        outputs=[tensor_info(output) for output in OUTPUTS],
        initializer=[weights, bias],
    )
    model = helper.make_model(
        graph,
        ir_version=IR_VERSION,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="iris-scaling-lab service/model/train.py",
        producer_version=MODEL_VERSION,
        doc_string=f"Iris LogisticRegression; feature order and classes in {CARD_FILE}",
    )
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString()


def reference_predictions(classifier, features):
    """What the trained model predicts for each row: the inputs, predict_proba (float64) and predict."""
    return {
        "features": [feature["name"] for feature in FEATURES],
        "classes": CLASSES,
        "rows": features.tolist(),
        "probabilities": classifier.predict_proba(features).tolist(),
        "labels": classifier.predict(features).tolist(),
    }


def tensor_info(spec):
    element_type = {"float32": TensorProto.FLOAT, "int64": TensorProto.INT64}[spec["datatype"]]
    return helper.make_tensor_value_info(spec["name"], element_type, spec["shape"])


def build_card(features, accuracy, train_rows, test_rows, onnx_bytes):
    observed = zip(features.min(axis=0).tolist(), features.max(axis=0).tolist())
    return {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "description": "Iris species classifier: multinomial logistic regression on four flower measurements.",
        "features": [
            {**feature, "observed_range": {"min": low, "max": high}}
            for feature, (low, high) in zip(FEATURES, observed)
        ],
        "classes": CLASSES,
        "data": {
            "provenance": PROVENANCE,
            "rows": int(features.shape[0]),
            "split": {
                "method": "stratified train_test_split",
                "test_size": TEST_SIZE,
                "seed": SEED,
                "train_rows": train_rows,
                "test_rows": test_rows,
            },
        },
        "metrics": {"held_out_accuracy": round(accuracy, 6)},
        "training": {
            "estimator": "sklearn.linear_model.LogisticRegression",
            "params": ESTIMATOR_PARAMS,
            "script": "service/model/train.py",
            "sklearn_version": sklearn.__version__,
            "onnx_version": onnx.__version__,
            "numpy_version": np.__version__,
        },
        "onnx": {
            "file": ONNX_FILE,
            "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
            "opset": OPSET,
            "ir_version": IR_VERSION,
            "inputs": [INPUT],
            "outputs": OUTPUTS,
        },
    }


def card_json(card):
    """Indented JSON laid out as Prettier (the repo's JSON formatter) lays out this card, so that
    `prettier --check` passes: objects expanded, arrays of scalars on one line when that line fits."""
    return to_json(card, indent="", line_start="") + "\n"


def to_json(value, indent, line_start):
    inner = indent + "  "
    if isinstance(value, dict) and value:
        members = [f"{inner}{json.dumps(key)}: " for key in value]
        items = [member + to_json(item, inner, member) for member, item in zip(members, value.values())]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    one_line = inline_json(value)
    if not isinstance(value, list) or not value:
        return one_line
    if all(not isinstance(item, (dict, list)) for item in value):
        if len(line_start) + len(one_line) + len(",") <= PRETTIER_PRINT_WIDTH:
            return one_line
        if len(value) > 1 and all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in value):
            return "[\n" + filled([inline_json(item) for item in value], inner) + f"\n{indent}]"
    return "[\n" + ",\n".join(inner + to_json(item, inner, inner) for item in value) + f"\n{indent}]"


def filled(numbers, indent):
    """A long array of numbers as Prettier fills it: as many per line as fit, each with its comma."""
    lines, line = [], indent + numbers[0]
    for position, number in enumerate(numbers[1:], start=2):
        comma = len(",") if position < len(numbers) else 0
        if len(line) + len(", ") + len(number) + comma <= PRETTIER_PRINT_WIDTH:
            line += ", " + number
        else:
            lines.append(line + ",")
            line = indent + number
    return "\n".join(lines + [line])


def inline_json(value):
    """value as JSON on one line, numbers as Prettier writes them: 5.5e-8 and 1e21 where Python has 5.5e-08, 1e+21."""
    if isinstance(value, list):
        return "[" + ", ".join(inline_json(item) for item in value) + "]"
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def produce():
    """Everything the script writes: file name → bytes."""
    progress("loading Iris from scikit-learn's bundled copy")
    features, labels = load_dataset()
    progress(f"training LogisticRegression{ESTIMATOR_PARAMS} on a stratified split (seed {SEED})")
    classifier, accuracy, train_rows, test_rows = fit(features, labels)
    progress(f"held-out accuracy {accuracy:.4f} on {test_rows} rows")
    if accuracy < MIN_TEST_ACCURACY:
        raise SystemExit(f"error: held-out accuracy {accuracy:.4f} < {MIN_TEST_ACCURACY}; refusing to export")
    progress(f"exporting ONNX (opset {OPSET}) and checking it")
    onnx_bytes = build_onnx(classifier)
    card = build_card(features, accuracy, train_rows, test_rows, onnx_bytes)
    reference = reference_predictions(classifier, features)
    return {
        ONNX_FILE: onnx_bytes,
        CARD_FILE: card_json(card).encode("utf-8"),
        REFERENCE_FILE: card_json(reference).encode("utf-8"),
    }


def write(files, out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out_dir / name).write_bytes(content)
        progress(f"wrote {out_dir / name} (sha256 {hashlib.sha256(content).hexdigest()[:16]}…)")


def check(files, out_dir):
    """{name: reasons} of the committed files that are missing or differ from what this script produces, beyond
    what retraining on another CPU/BLAS kernel changes (see the module docstring)."""
    committed = {name: (out_dir / name).read_bytes() for name in files if (out_dir / name).is_file()}
    stale = {name: ["missing"] for name in files if name not in committed}
    for name in committed:
        # A card or reference predictions identical to this run's must still go with the committed iris.onnx.
        if name == ONNX_FILE and committed[name] == files[name]:
            continue
        judge = {ONNX_FILE: onnx_differences, CARD_FILE: card_differences, REFERENCE_FILE: reference_differences}
        try:
            reasons = judge[name](committed, files)
        except (ValueError, KeyError, TypeError, DecodeError, onnx.checker.ValidationError) as error:
            reasons = [f"unreadable ({type(error).__name__}: {error})"]
        if reasons:
            stale[name] = reasons
    return stale


def onnx_differences(committed, fresh):
    """The graph, names, types and shapes exactly; the weights by the probabilities they give on the 150 rows."""
    model = onnx.load_model_from_string(committed[ONNX_FILE])
    onnx.checker.check_model(model, full_check=True)
    if without_weights(model) != without_weights(onnx.load_model_from_string(fresh[ONNX_FILE])):
        return ["graph, metadata or weight shapes differ"]
    expected = json.loads(fresh[REFERENCE_FILE])
    return prediction_differences(onnx_predictions(model, expected["rows"]), expected, RETRAIN_TOLERANCE)


def without_weights(model):
    """The serialised model with its initializers' values removed (their names, types and shapes stay)."""
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    for initializer in copy.graph.initializer:
        initializer.ClearField("raw_data")
        initializer.ClearField("float_data")
    return copy.SerializeToString()


def onnx_predictions(model, rows):
    """The graph build_onnx makes (Gemm → Softmax, ArgMax), evaluated in float64 on the float32 inputs and
    weights: it differs from onnxruntime's float32 arithmetic by less than FLOAT32_TOLERANCE."""
    weights = {init.name: numpy_helper.to_array(init).astype(np.float64) for init in model.graph.initializer}
    logits = np.asarray(rows, dtype=np.float32).astype(np.float64) @ weights["coefficients"].T + weights["intercepts"]
    exponentials = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = exponentials / exponentials.sum(axis=1, keepdims=True)
    return {"probabilities": probabilities.tolist(), "labels": logits.argmax(axis=1).tolist()}


def prediction_differences(actual, expected, tolerance):
    """Reasons actual's probabilities or labels differ from expected's (empty if within tolerance and equal)."""
    reasons = []
    gap = float(np.max(np.abs(np.asarray(actual["probabilities"]) - np.asarray(expected["probabilities"]))))
    if not gap <= tolerance:
        reasons.append(f"probabilities differ by up to {gap:.2e} (tolerance {tolerance:g})")
    rows = [row for row, (a, e) in enumerate(zip(actual["labels"], expected["labels"])) if a != e]
    if rows or len(actual["labels"]) != len(expected["labels"]):
        reasons.append(f"labels differ (rows {rows[:10]})")
    return reasons


def card_differences(committed, fresh):
    """Every field exactly, except onnx.sha256, which must be the committed iris.onnx's."""
    card = json.loads(committed[CARD_FILE])
    fresh_card = json.loads(fresh[CARD_FILE])
    sha256 = hashlib.sha256(committed.get(ONNX_FILE, b"")).hexdigest()
    reasons = []
    if card["onnx"]["sha256"] != sha256:
        reasons.append(f"onnx.sha256 is not the sha256 of the committed {ONNX_FILE} ({sha256})")
    fresh_card["onnx"]["sha256"] = card["onnx"]["sha256"]
    if committed[CARD_FILE] != card_json(fresh_card).encode("utf-8"):
        reasons += field_changes(card, fresh_card, []) or ["layout differs"]
    return reasons


def reference_differences(committed, fresh):
    """Rows, names and labels exactly, probabilities within RETRAIN_TOLERANCE; and the committed iris.onnx must
    compute them within FLOAT32_TOLERANCE (both files come from one training run)."""
    reference = json.loads(committed[REFERENCE_FILE])
    expected = json.loads(fresh[REFERENCE_FILE])
    reasons = [f"{key} differ" for key in ("features", "classes", "rows") if reference[key] != expected[key]]
    if reasons:
        return reasons
    reasons = prediction_differences(reference, expected, RETRAIN_TOLERANCE)
    if not reasons and ONNX_FILE in committed:
        try:
            from_onnx = onnx_predictions(onnx.load_model_from_string(committed[ONNX_FILE]), reference["rows"])
        except (ValueError, KeyError, DecodeError):
            return []  # an iris.onnx that cannot be evaluated is reported for itself
        reasons = [
            f"not what the committed {ONNX_FILE} computes: {reason}"
            for reason in prediction_differences(from_onnx, reference, FLOAT32_TOLERANCE)
        ]
    return reasons


def field_changes(committed, fresh, path):
    if isinstance(committed, dict) and isinstance(fresh, dict):
        keys = list(fresh) + [key for key in committed if key not in fresh]
        return [change for key in keys for change in field_changes(committed.get(key), fresh.get(key), path + [key])]
    if committed == fresh:
        return []
    return [f"{'.'.join(path)}: {json.dumps(committed)} → {json.dumps(fresh)}"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain; fail if the files in --out-dir differ")
    parser.add_argument("--out-dir", type=Path, default=MODEL_DIR, help="folder of the files (default: this one)")
    args = parser.parse_args(argv)
    files = produce()
    if not args.check:
        write(files, args.out_dir)
        return 0
    stale = check(files, args.out_dir)
    if stale:
        print(
            f"error: {', '.join(stale)} in {args.out_dir} differ from what train.py produces "
            "(edited by hand, or trained with other code or library versions); "
            "run `make train-model` and commit the result.",
            file=sys.stderr,
        )
        for name, reasons in stale.items():
            for reason in reasons:
                print(f"  {name} {reason}", file=sys.stderr)
        return 1
    progress(
        f"ok: {', '.join(files)} in {args.out_dir} match a fresh training run "
        f"(probabilities within {RETRAIN_TOLERANCE:g}, as retraining on another CPU/BLAS kernel gives)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
