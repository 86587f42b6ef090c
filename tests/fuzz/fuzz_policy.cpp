// Policy JSON: parse, then classify the example catalog with it; every catalog
// entry lands once in approved or skipped.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotplan;
  using namespace hotplan::fuzz;
  check_same_reading<Policy>(as_text(data, size));
  static const Catalog catalog = parse_catalog(example_document("catalog.json"));
  Json document;
  if (!succeeds_or_input_error([&] { document = parse_json_text(as_text(data, size), "policy"); }, nullptr)) return 0;
  Policy policy;
  if (!succeeds_or_input_error([&] { policy = parse_policy(document); }, &document)) return 0;

  HOTPLAN_FUZZ_CHECK(policy_type_id(policy) == document.at("type").get<std::string>());
  must_succeed([&] { check_classify_all(catalog, policy); });
  return 0;
}
