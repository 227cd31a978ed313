"""train.py: deterministic export, a complete model card, reference predictions, and a --check that catches stale
or edited files but accepts a retraining on another CPU/BLAS kernel.

Run from the repo root with Debian's interpreter:
/usr/bin/python3 -m unittest discover -s service/model/test -t .
"""

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import numpy as np
import onnx
import sklearn

from service.model import train

TRAIN_SCRIPT = Path(train.__file__)


def quietly(function, *args):
    """Call function with train.py's progress lines (stderr) captured; returns (result, stderr text)."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        return function(*args), stderr.getvalue()


class DeterminismTest(unittest.TestCase):
    def test_two_exports_are_byte_identical(self):
        first, _ = quietly(train.produce)
        second, _ = quietly(train.produce)
        self.assertEqual(set(first), {train.ONNX_FILE, train.CARD_FILE, train.REFERENCE_FILE})
        for name in first:
            self.assertEqual(first[name], second[name], name)

    def test_committed_files_are_what_the_script_produces(self):
        status, stderr = quietly(train.main, ["--check"])
        self.assertEqual(status, 0, stderr)

    def test_committed_files_pass_check_with_another_openblas_kernel(self):
        # What another CPU does: numpy's OpenBLAS (DYNAMIC_ARCH in Debian) takes its kernel from
        # OPENBLAS_CORETYPE, and Prescott (SSE3) runs on every x86-64 CPU. With another BLAS it changes nothing.
        environment = {**os.environ, "OPENBLAS_CORETYPE": "Prescott"}
        result = subprocess.run(
            [sys.executable, str(TRAIN_SCRIPT), "--check"], capture_output=True, text=True, timeout=60, env=environment
        )
        self.assertEqual(result.returncode, 0, result.stderr)


class ReferencePredictionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        files, _ = quietly(train.produce)
        cls.reference = json.loads(files[train.REFERENCE_FILE])
        cls.model = onnx.load_model_from_string(files[train.ONNX_FILE])

    def test_all_150_rows_in_the_card_feature_and_class_order(self):
        self.assertEqual(self.reference["features"], [feature["name"] for feature in train.FEATURES])
        self.assertEqual(self.reference["classes"], train.CLASSES)
        self.assertEqual(len(self.reference["rows"]), 150)
        self.assertEqual(np.asarray(self.reference["probabilities"]).shape, (150, 3))
        self.assertEqual(len(self.reference["labels"]), 150)

    def test_probabilities_sum_to_one_and_labels_are_their_argmax(self):
        probabilities = np.asarray(self.reference["probabilities"])
        np.testing.assert_allclose(probabilities.sum(axis=1), 1, atol=1e-12)
        self.assertEqual(probabilities.argmax(axis=1).tolist(), self.reference["labels"])

    def test_the_exported_weights_compute_them_up_to_float32_rounding(self):
        from_onnx = train.onnx_predictions(self.model, self.reference["rows"])
        self.assertEqual(train.prediction_differences(from_onnx, self.reference, train.FLOAT32_TOLERANCE), [])

    def test_labels_hold_under_the_retrain_tolerance(self):
        # RETRAIN_TOLERANCE must stay well below the gap between each row's two most probable classes.
        top_two = np.sort(np.asarray(self.reference["probabilities"]), axis=1)[:, -2:]
        self.assertGreater((top_two[:, 1] - top_two[:, 0]).min(), 10 * train.RETRAIN_TOLERANCE)


class ModelCardTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        files, _ = quietly(train.produce)
        cls.onnx_bytes = files[train.ONNX_FILE]
        cls.card = json.loads(files[train.CARD_FILE])

    def test_identity_classes_and_features_in_input_order(self):
        self.assertEqual((self.card["name"], self.card["version"]), ("iris", train.MODEL_VERSION))
        self.assertEqual(self.card["classes"], ["setosa", "versicolor", "virginica"])
        names = [feature["name"] for feature in self.card["features"]]
        self.assertEqual(names, ["sepal_length", "sepal_width", "petal_length", "petal_width"])

    def test_every_feature_has_cm_and_an_accepted_range_around_the_data(self):
        for feature in self.card["features"]:
            with self.subTest(feature["name"]):
                self.assertEqual(feature["unit"], "cm")
                accepted, observed = feature["accepted_range"], feature["observed_range"]
                self.assertLessEqual(accepted["min"], observed["min"])
                self.assertLess(observed["min"], observed["max"])
                self.assertLessEqual(observed["max"], accepted["max"])

    def test_provenance_split_and_held_out_accuracy(self):
        data = self.card["data"]
        self.assertIn("Fisher", data["provenance"])
        self.assertIn("1936", data["provenance"])
        self.assertIn("UCI", data["provenance"])
        self.assertIn("load_iris", data["provenance"])
        self.assertEqual(data["rows"], 150)
        split = data["split"]
        self.assertEqual((split["seed"], split["test_size"]), (train.SEED, train.TEST_SIZE))
        self.assertEqual(split["train_rows"] + split["test_rows"], 150)
        self.assertGreaterEqual(self.card["metrics"]["held_out_accuracy"], train.MIN_TEST_ACCURACY)
        self.assertLessEqual(self.card["metrics"]["held_out_accuracy"], 1)

    def test_library_versions_are_the_ones_that_trained(self):
        training = self.card["training"]
        self.assertEqual(training["estimator"], "sklearn.linear_model.LogisticRegression")
        self.assertEqual(training["sklearn_version"], sklearn.__version__)
        self.assertEqual(training["onnx_version"], onnx.__version__)
        self.assertEqual(training["numpy_version"], np.__version__)

    def test_onnx_section_describes_the_exported_graph(self):
        section = self.card["onnx"]
        self.assertEqual(section["file"], "iris.onnx")
        self.assertEqual(section["sha256"], hashlib.sha256(self.onnx_bytes).hexdigest())
        model = onnx.load_model_from_string(self.onnx_bytes)
        onnx.checker.check_model(model)
        self.assertEqual([(opset.domain, opset.version) for opset in model.opset_import], [("", section["opset"])])
        self.assertEqual(model.ir_version, section["ir_version"])
        self.assertEqual(section["inputs"], [{"name": "input", "datatype": "float32", "shape": ["N", 4]}])
        self.assertEqual(
            section["outputs"],
            [
                {"name": "probabilities", "datatype": "float32", "shape": ["N", 3]},
                {"name": "label", "datatype": "int64", "shape": ["N"]},
            ],
        )
        self.assertEqual(self.graph_signature(model.graph.input), [("input", onnx.TensorProto.FLOAT, ["N", 4])])
        self.assertEqual(
            self.graph_signature(model.graph.output),
            [("probabilities", onnx.TensorProto.FLOAT, ["N", 3]), ("label", onnx.TensorProto.INT64, ["N"])],
        )

    @staticmethod
    def graph_signature(values):
        return [
            (
                value.name,
                value.type.tensor_type.elem_type,
                [dim.dim_param or dim.dim_value for dim in value.type.tensor_type.shape.dim],
            )
            for value in values
        ]

    def test_card_text_round_trips_as_json(self):
        self.assertEqual(json.loads(train.card_json(self.card)), self.card)


class CheckModeTest(unittest.TestCase):
    """--check run as CI runs it: a separate process, judged by exit code and message."""

    def setUp(self):
        self.out_dir = Path(self.enterContext(tempfile.TemporaryDirectory()))
        status, _ = quietly(train.main, ["--out-dir", str(self.out_dir)])
        self.assertEqual(status, 0)

    def run_check(self):
        return subprocess.run(
            [sys.executable, str(TRAIN_SCRIPT), "--check", "--out-dir", str(self.out_dir)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    def test_passes_on_freshly_written_files(self):
        result = self.run_check()
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_fails_on_a_tampered_model(self):
        model_path = self.out_dir / train.ONNX_FILE
        tampered = bytearray(model_path.read_bytes())
        tampered[-1] ^= 0x01
        model_path.write_bytes(bytes(tampered))
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error: iris.onnx, model-card.json in", result.stderr)  # the card's sha256 is the old file's
        self.assertIn("make train-model", result.stderr)

    def test_fails_on_an_edited_card(self):
        card_path = self.out_dir / train.CARD_FILE
        card_path.write_text(card_path.read_text().replace('"held_out_accuracy": 0.', '"held_out_accuracy": 1.'))
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error: model-card.json in", result.stderr)
        self.assertRegex(result.stderr, r"model-card.json metrics.held_out_accuracy: 1\.\d+ → 0\.\d+")

    def test_passes_on_files_trained_with_another_openblas_kernel(self):
        # The files another CPU writes (see test_committed_files_pass_check_with_another_openblas_kernel): here
        # the weights, the ONNX bytes and the card's sha256 differ from this machine's, the probabilities by 1e-4.
        environment = {**os.environ, "OPENBLAS_CORETYPE": "Prescott"}
        subprocess.run(
            [sys.executable, str(TRAIN_SCRIPT), "--out-dir", str(self.out_dir)],
            capture_output=True,
            check=True,
            timeout=60,
            env=environment,
        )
        result = self.run_check()
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_fails_on_weights_that_change_the_probabilities(self):
        self.rewrite_weights(lambda name, values: values * 1.01 if name == "coefficients" else values)
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error: iris.onnx, reference-predictions.json in", result.stderr)
        self.assertRegex(result.stderr, r"iris.onnx probabilities differ by up to \d\.\d+e-0[0-3] \(tolerance 0.001\)")

    def test_fails_on_a_model_retrained_elsewhere_without_its_card(self):
        # Intercepts moved alike, as another BLAS kernel moves them: the same probabilities, but the service would
        # refuse the file, since the card vouches for other bytes.
        self.rewrite_weights(lambda name, values: values + (1e-3 if name == "intercepts" else 0), update_card=False)
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error: model-card.json in", result.stderr)
        self.assertIn("model-card.json onnx.sha256 is not the sha256 of the committed iris.onnx", result.stderr)

    def test_fails_on_a_card_whose_sha256_is_not_the_model(self):
        card_path = self.out_dir / train.CARD_FILE
        card = json.loads(card_path.read_text())
        card["onnx"]["sha256"] = "0" * 64
        card_path.write_text(train.card_json(card))
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("model-card.json onnx.sha256 is not the sha256 of the committed iris.onnx", result.stderr)

    def test_fails_on_edited_reference_predictions(self):
        for key, edit, message in [
            ("probabilities", lambda reference: reference["probabilities"][7].reverse(), "probabilities differ"),
            ("labels", lambda reference: reference["labels"].__setitem__(0, 2), "labels differ (rows [0])"),
            ("rows", lambda reference: reference["rows"][3].__setitem__(0, 9.9), "rows differ"),
        ]:
            with self.subTest(key):
                self.setUp()
                path = self.out_dir / train.REFERENCE_FILE
                reference = json.loads(path.read_text())
                edit(reference)
                path.write_text(train.card_json(reference))
                result = self.run_check()
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("error: reference-predictions.json in", result.stderr)
                self.assertIn(message, result.stderr)

    def test_fails_on_reference_predictions_of_another_model_than_iris_onnx(self):
        # Probabilities moved by 5e-5 pass the retraining tolerance, but iris.onnx does not compute them.
        path = self.out_dir / train.REFERENCE_FILE
        reference = json.loads(path.read_text())
        reference["probabilities"] = [[p0 - 5e-5, p1 + 5e-5, p2] for p0, p1, p2 in reference["probabilities"]]
        path.write_text(train.card_json(reference))
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("reference-predictions.json not what the committed iris.onnx computes", result.stderr)

    def rewrite_weights(self, change, update_card=True):
        """Rewrites iris.onnx with change(name, float64 values) applied to each initializer, and its card sha256."""
        model_path, card_path = self.out_dir / train.ONNX_FILE, self.out_dir / train.CARD_FILE
        model = onnx.load_model_from_string(model_path.read_bytes())
        for initializer in model.graph.initializer:
            values = change(initializer.name, onnx.numpy_helper.to_array(initializer).astype(np.float64))
            initializer.CopyFrom(onnx.numpy_helper.from_array(values.astype(np.float32), initializer.name))
        model_path.write_bytes(model.SerializeToString())
        if not update_card:
            return
        card = json.loads(card_path.read_text())
        card["onnx"]["sha256"] = hashlib.sha256(model_path.read_bytes()).hexdigest()
        card_path.write_text(train.card_json(card))

    def test_fails_on_a_missing_file(self):
        (self.out_dir / train.ONNX_FILE).unlink()
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("iris.onnx", result.stderr)


class GuardsTest(unittest.TestCase):
    def test_refuses_to_export_a_model_below_the_accuracy_floor(self):
        classifier, _, train_rows, test_rows = train.fit(*train.load_dataset())
        with mock.patch.object(train, "fit", return_value=(classifier, 0.5, train_rows, test_rows)):
            with self.assertRaisesRegex(SystemExit, "refusing to export"):
                quietly(train.produce)

    def test_names_the_debian_packages_when_modules_are_missing(self):
        # -S leaves out site and dist-packages: the interpreter then lacks numpy, scikit-learn and onnx.
        result = subprocess.run(
            [sys.executable, "-S", str(TRAIN_SCRIPT)], capture_output=True, text=True, timeout=60
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("sudo apt-get install -y python3-sklearn python3-onnx", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


if __name__ == "__main__":
    unittest.main()
