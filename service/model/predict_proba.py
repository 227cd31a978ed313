#!/usr/bin/python3
"""A fresh scikit-learn model's predictions for the ONNX parity test (service/test/model-parity.e2e-spec.ts).

Retrains exactly as train.py does (same code, imported) and prints, as one JSON object on stdout, the 150 Iris
rows with scikit-learn's predict_proba and predict for each, in the layout of reference-predictions.json (which
holds the same for the model iris.onnx was converted from). On another CPU/BLAS kernel the retrained model
differs by rounding (train.RETRAIN_TOLERANCE). Run with /usr/bin/python3 (python3-sklearn); progress to stderr.
"""

import json
import sys

import train


def reference_predictions():
    features, labels = train.load_dataset()
    classifier, _accuracy, _train_rows, _test_rows = train.fit(features, labels)
    return train.reference_predictions(classifier, features)


if __name__ == "__main__":
    json.dump(reference_predictions(), sys.stdout)
    sys.stdout.write("\n")
