// Catalog JSON: parse (duplicates, self-references, cycles), then classify it
// against automatic-by-platform; every entry lands once in approved or skipped.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotplan;
  using namespace hotplan::fuzz;
  check_same_reading<Catalog>(as_text(data, size));
  Json document;
  if (!succeeds_or_input_error([&] { document = parse_json_text(as_text(data, size), "catalog"); }, nullptr)) return 0;
  Catalog catalog;
  if (!succeeds_or_input_error([&] { catalog = parse_catalog(document); }, &document)) return 0;

  // Every update record becomes one catalog update, in order.
  const auto& records = document.at("updates");
  HOTPLAN_FUZZ_CHECK(catalog.size() == records.size());
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    HOTPLAN_FUZZ_CHECK(catalog.index_of(catalog[i].kb) == i);
    HOTPLAN_FUZZ_CHECK(catalog[i].supersedes.size() == 0 || records[i].contains("supersedes"));
  }
  HOTPLAN_FUZZ_CHECK(catalog.supersedence_order().size() == catalog.size());
  HOTPLAN_FUZZ_CHECK(catalog.prerequisite_order().size() == catalog.size());
  must_succeed([&] { check_classify_all(catalog, Policy{AutomaticByPlatform{}}); });
  return 0;
}
