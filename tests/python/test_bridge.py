"""The dict/list to Json bridge: every hostile input is an InputError or TypeError, never a crash."""

import collections
import math
import pickle

import pytest

import hotplan
from conftest import eligible_machine, fleet_of


def plan_machine(machine):
    return hotplan.plan(fleet_of(machine), "2025-10", 1)


def error_for(fleet):
    with pytest.raises(hotplan.InputError) as error:
        hotplan.check(fleet)
    return error.value


@pytest.mark.parametrize("value", [2**63, 2**64, 2**200, -(2**63) - 1, -(2**200)])
def test_huge_ints_are_input_errors(machine, value):
    machine["vbs_status"] = value
    error = error_for(fleet_of(machine))
    assert error.path == "/machines/0/vbs_status"


def test_ints_that_fit_in_64_bits_reach_the_library(machine):
    machine["vbs_status"] = 2**64 - 1  # converted, then rejected by the library's range check
    error = error_for(fleet_of(machine))
    assert error.path == "/machines/0/vbs_status" and "0 to 255" in error.message


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_floats_are_input_errors(machine, value):
    machine["generation"] = value
    error = error_for(fleet_of(machine))
    assert error.path == "/machines/0/generation" and "NaN" in error.message


def test_float_where_int_expected(machine):
    machine["generation"] = 2.0
    assert error_for(fleet_of(machine)).path == "/machines/0/generation"


def test_bool_is_not_an_int(machine):
    machine["generation"] = True
    assert error_for(fleet_of(machine)).path == "/machines/0/generation"


@pytest.mark.parametrize("value", [{1, 2}, b"bytes", object(), 1j, bytearray(b"x")])
def test_non_json_values_name_their_pointer(machine, value):
    machine["image"] = {"publisher": "p", "offer": "o", "sku": value}
    error = error_for(fleet_of(machine))
    assert error.path == "/machines/0/image/sku"
    assert "expected a JSON value" in error.message and type(value).__name__ in error.message


def test_none_values_are_json_null(machine):
    machine["image"] = None
    machine["hotpatch_enrolled"] = None
    assert hotplan.check(fleet_of(machine))["machines"][0]["id"] == "m1"


def test_non_str_keys(machine):
    machine[7] = "x"
    error = error_for(fleet_of(machine))
    assert error.path == "/machines/0" and "keys must be str" in error.message


def test_lone_surrogates_in_values_and_keys(machine):
    machine["id"] = "bad\ud800"
    assert error_for(fleet_of(machine)).path == "/machines/0/id"
    machine = eligible_machine("m1")
    machine["k\udc00"] = 1
    assert error_for(fleet_of(machine)).path == "/machines/0"


def test_pointer_escapes_tilde_and_slash(machine):
    machine["a/b~c"] = 1
    assert error_for(fleet_of(machine)).path == "/machines/0/a~1b~0c"


def test_unicode_round_trips(machine):
    machine["id"] = "sérveur-東京-01"
    assert plan_machine(machine)["machines"][0]["id"] == "sérveur-東京-01"


def test_long_string_is_a_limit_error(machine):
    machine["id"] = "x" * 5000
    error = error_for(fleet_of(machine))
    assert isinstance(error, hotplan.LimitError) and error.path == "/machines/0/id"


@pytest.mark.parametrize("depth", [65, 1000, 200_000])
def test_deep_nesting_is_a_limit_error(machine, depth):
    nested = []
    for _ in range(depth):
        nested = [nested]
    machine["depends_on"] = nested
    error = error_for(fleet_of(machine))
    assert isinstance(error, hotplan.LimitError) and "deeper than 64" in error.message
    assert error.path.startswith("/machines/0/depends_on/0/0/0")


def test_moderate_nesting_is_converted(machine):
    nested = "leaf"
    for _ in range(50):
        nested = {"k": nested}
    machine["offpeak"] = nested
    # Converted fine; the library then names the unknown field.
    assert error_for(fleet_of(machine)).path == "/machines/0/offpeak/k"


def test_self_referencing_dict_is_a_limit_error(machine):
    machine["image"] = machine
    assert isinstance(error_for(fleet_of(machine)), hotplan.LimitError)


def test_dict_subclasses_are_dicts(machine):
    fleet = collections.OrderedDict(machines=[collections.OrderedDict(machine)])
    assert hotplan.check(fleet)["machines"][0]["id"] == "m1"


def test_top_level_must_be_an_object_with_machines():
    assert error_for({}).message == 'missing required field "machines"'
    assert error_for({"machines": {}}).path == "/machines"
    assert error_for({"machines": [None]}).path == "/machines/0"


def test_input_error_is_a_value_error_with_path_and_message(machine):
    machine["uefi"] = "yes"
    error = error_for(fleet_of(machine))
    assert isinstance(error, ValueError)
    assert error.path == "/machines/0/uefi"
    assert error.message == "expected true or false, found a string"
    assert str(error) == "/machines/0/uefi: expected true or false, found a string"


def test_errors_pickle_with_their_path():
    for error in (hotplan.InputError("bad", "/a/0"), hotplan.LimitError("big", "/b")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert (copy.path, copy.message, str(copy)) == (error.path, error.message, str(error))


def test_input_error_without_path():
    assert str(hotplan.InputError("whole input")) == "whole input"
    assert hotplan.InputError("whole input").path == ""
