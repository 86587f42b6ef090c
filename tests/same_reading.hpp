#pragma once
// One document read both ways: straight from its text (parse_fleet_text and the
// others: the lean path load_fleet takes) and through parse_json_text's Json (the
// DOM path the Python dicts take). Both must give the same value or the same
// error, word for word. Shared by the doctest suite and the fuzz harnesses.
#include <string>
#include <string_view>

#include "fleet_generator.hpp"
#include "fleet_reader.hpp"
#include "hotplan/hotplan.hpp"

namespace hotplan::test {

inline bool same_document(const Fleet& a, const Fleet& b) { return fleet_to_json(a) == fleet_to_json(b); }
inline bool same_document(const Policy& a, const Policy& b) { return a == b; }
inline bool same_document(const OffpeakPolicy& a, const OffpeakPolicy& b) { return a == b; }
inline bool same_document(const Catalog& a, const Catalog& b) {
  if (a.size() != b.size() || a.supersedence_order() != b.supersedence_order() ||
      a.prerequisite_order() != b.prerequisite_order()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (x.kb != y.kb || x.title != y.title || x.products != y.products || x.classification != y.classification ||
        x.severity != y.severity || x.category != y.category || x.released != y.released || x.reboot != y.reboot ||
        x.supersedes != y.supersedes || x.prerequisites != y.prerequisites) {
      return false;
    }
  }
  return true;
}

inline Fleet read_from_text(std::string_view text, const Fleet*) { return parse_fleet_text(text, "input"); }
inline Catalog read_from_text(std::string_view text, const Catalog*) { return parse_catalog_text(text, "input"); }
inline Policy read_from_text(std::string_view text, const Policy*) { return parse_policy_text(text, "input"); }
inline OffpeakPolicy read_from_text(std::string_view text, const OffpeakPolicy*) {
  return parse_offpeak_text(text, "input");
}
inline Fleet read_from_dom(const Json& document, const Fleet*) { return parse_fleet(document); }
inline Catalog read_from_dom(const Json& document, const Catalog*) { return parse_catalog(document); }
inline Policy read_from_dom(const Json& document, const Policy*) { return parse_policy(document); }
inline OffpeakPolicy read_from_dom(const Json& document, const OffpeakPolicy*) { return parse_offpeak(document); }

struct Readings {
  std::string text;  // "ok", "limit: <what>" or "input: <what>"
  std::string dom;
  bool same_value = true;  // when both are "ok"
};

// Anything but an InputError propagates: the callers treat it as a failure.
template <typename Document>
Readings read_both(std::string_view text) {
  Readings out;
  std::optional<Document> from_text;
  std::optional<Document> from_dom;
  const auto attempt = [](std::string& outcome, auto&& read) {
    try {
      read();
      outcome = "ok";
    } catch (const LimitError& e) {
      outcome = std::string("limit: ") + e.what();
    } catch (const InputError& e) {
      outcome = std::string("input: ") + e.what();
    }
  };
  attempt(out.text, [&] { from_text.emplace(read_from_text(text, static_cast<const Document*>(nullptr))); });
  attempt(out.dom, [&] {
    from_dom.emplace(read_from_dom(parse_json_text(text, "input"), static_cast<const Document*>(nullptr)));
  });
  if (from_text && from_dom) out.same_value = same_document(*from_text, *from_dom);
  return out;
}

// load_fleet's reading of a large document in slices of `machines_per_slice` (one thread):
// a fleet only when the whole reading gives the same fleet; otherwise nothing
// (the whole reading then reports the error). Anything but an InputError propagates.
inline bool sliced_reading_agrees(std::string_view text, std::size_t machines_per_slice) {
  const auto sliced = detail::read_fleet_in_slices(text, machines_per_slice, 1);
  if (!sliced) return true;
  try {
    return same_document(*sliced, parse_fleet_text(text, "input"));
  } catch (const InputError&) {
    return false;
  }
}

}  // namespace hotplan::test
