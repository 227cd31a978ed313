"""Realistic Iris flowers for the load: a species drawn uniformly, then each feature from that species'
normal distribution (mean and sd of the real dataset, lab/profiles.yaml `irisInputs`), clipped to the range
observed in the data and rounded to 0.1 cm like the dataset's measurements."""

import random

FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")


def sample_flower(distributions, rng=random):
    """One flower as the service's /predict body; returns (species it was drawn from, features)."""
    species = rng.choice(sorted(distributions))
    spread = distributions[species]
    features = {}
    for index, name in enumerate(FEATURES):
        value = rng.gauss(spread["mean"][index], spread["sd"][index])
        value = min(spread["max"][index], max(spread["min"][index], value))
        features[name] = round(value, 1)
    return species, features
