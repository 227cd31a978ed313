#!/usr/bin/python3
"""Reference predictions for the ONNX parity test (service/test/model-parity.e2e-spec.ts).

Retrains exactly as train.py does (same code, imported) and prints, as one JSON object on stdout, the 150 Iris
rows with scikit-learn's predict_proba and predict for each, so the test can run iris.onnx on the same rows.
Run with /usr/bin/python3 (python3-sklearn); progress goes to stderr.
"""

import json
import sys

import train


def reference_predictions():
    features, labels = train.load_dataset()
    classifier, _accuracy, _train_rows, _test_rows = train.fit(features, labels)
    return {
        "features": [feature["name"] for feature in train.FEATURES],
        "classes": train.CLASSES,
        "rows": features.tolist(),
        "probabilities": classifier.predict_proba(features).tolist(),
        "labels": classifier.predict(features).tolist(),
    }


if __name__ == "__main__":
    json.dump(reference_predictions(), sys.stdout)
    sys.stdout.write("\n")
