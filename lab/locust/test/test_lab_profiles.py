"""The locustfile's YAML reader against PyYAML (Debian's python3-yaml) on the real lab/profiles.yaml, and the
constructs it must refuse rather than misread."""

import unittest

import yaml

from lab.locust.test import support  # noqa: F401  (puts lab/locust on sys.path)
from lab_profiles import ProfilesSyntaxError, load_plan, parse_profiles_yaml, read_profiles, with_overrides


class ReaderMatchesPyYaml(unittest.TestCase):
    def test_reads_lab_profiles_yaml_exactly_as_pyyaml_does(self):
        with open(support.PROFILES_YAML, encoding="utf-8") as handle:
            text = handle.read()
        self.assertEqual(parse_profiles_yaml(text), yaml.safe_load(text))

    def test_reads_every_construct_it_supports_as_pyyaml_does(self):
        text = "\n".join(
            [
                "# comment",
                "top:",
                "  plain: some words, with a comma  # trailing comment",
                "  '150': { a: [1, 2.5, -3], b: 'it''s', c: \"q # not a comment\", d: true, e: null }",
                "  list:",
                "    - { users: 1 }",
                "    - 2",
                "  empty:",
                "other: [x, y]",
                "indentless:",
                "- 1",
                "- 0.05",
            ]
        )
        self.assertEqual(parse_profiles_yaml(text), yaml.safe_load(text))


class ReaderRefusesWhatItDoesNotUnderstand(unittest.TestCase):
    def assert_refused(self, text, where):
        with self.assertRaises(ProfilesSyntaxError) as caught:
            parse_profiles_yaml(text)
        self.assertIn(where, str(caught.exception))

    def test_anchors_and_aliases(self):
        self.assert_refused("a: &x 1\nb: *x\n", "line 1")

    def test_block_scalars(self):
        self.assert_refused("a: |\n  text\n", "line 1")

    def test_mappings_inside_sequence_items(self):
        self.assert_refused("a:\n  - users: 1\n    spawnRate: 2\n", "line 2")

    def test_bad_indentation(self):
        self.assert_refused("a:\n    b: 1\n  c: 2\n", "line 3")

    def test_duplicate_keys(self):
        self.assert_refused("a: 1\na: 2\n", "duplicate key")

    def test_unterminated_flow(self):
        self.assert_refused("a: { b: 1\n", "line 1")

    def test_several_documents(self):
        self.assert_refused("a: 1\n---\nb: 2\n", "line 2")


class LoadPlans(unittest.TestCase):
    document = read_profiles(support.PROFILES_YAML)

    def test_unknown_profile_names_the_known_ones(self):
        with self.assertRaises(KeyError) as caught:
            load_plan(self.document, "nope")
        self.assertIn("staged", str(caught.exception))

    def test_fixed_count_profile(self):
        with open(support.PROFILES_YAML, encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)["profiles"]["fixed-1000"]
        self.assertEqual(
            load_plan(self.document, "fixed-1000"),
            {"kind": "fixed-count", "requests": raw["requests"], "workers": raw["workers"]},
        )

    def test_overrides_apply_to_single_stage_profiles_only(self):
        plan = with_overrides(load_plan(self.document, "150"), users=7, duration_seconds=3)
        self.assertEqual((plan["stages"][0]["users"], plan["stages"][0]["durationSeconds"]), (7, 3))
        self.assertEqual(with_overrides(load_plan(self.document, "150")), load_plan(self.document, "150"))
        with self.assertRaises(KeyError):
            with_overrides(load_plan(self.document, "staged"), users=7)
        with self.assertRaises(KeyError):
            with_overrides(load_plan(self.document, "fixed-100"), duration_seconds=7)

    def test_unknown_user_class_in_a_mix(self):
        document = {"userClasses": {"A": {}}, "profiles": {"p": {"users": 1, "spawnRate": 1, "durationSeconds": 1, "userMix": {"B": 1}}}}
        with self.assertRaises(KeyError):
            load_plan(document, "p")


if __name__ == "__main__":
    unittest.main()
