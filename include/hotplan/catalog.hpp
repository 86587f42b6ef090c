#pragma once
// The update catalog: every update a machine could be offered, with the facts a
// policy decides on (classification, severity, category, restart behaviour) and
// the relations between updates (supersedes, requires). Validated at the edge:
// a catalog object is always free of duplicates, self-references and cycles.
#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hotplan/kb.hpp"
#include "hotplan/product.hpp"

namespace hotplan {

// Microsoft Update classifications, as Azure Update Manager names them.
enum class UpdateClassification : std::uint8_t {
  critical,
  security,
  update_rollup,
  feature_pack,
  service_pack,
  definition,
  tools,
  updates,
};
// MSRC severity, lowest first so that "at least Important" is a comparison.
enum class Severity : std::uint8_t { unspecified, low, moderate, important, critical };
enum class UpdateCategory : std::uint8_t {
  os_cumulative,
  os_hotpatch,
  ssu,
  dotnet,
  driver,
  firmware,
  definition,
  other
};
enum class RebootBehaviour : std::uint8_t { never, may, always };

std::string_view classification_id(UpdateClassification c) noexcept;  // "Critical", "UpdateRollup", ...
std::string_view severity_id(Severity s) noexcept;                    // "Important", ...
std::string_view category_id(UpdateCategory c) noexcept;              // "os-cumulative", ...
std::string_view reboot_behaviour_id(RebootBehaviour r) noexcept;     // "never", "may", "always"
// A person's name for a category: ".NET", "driver", "servicing stack"...
std::string_view category_name(UpdateCategory c) noexcept;

struct CatalogUpdate {
  Kb kb;
  std::string title;
  std::vector<Product> products;
  UpdateClassification classification = UpdateClassification::updates;
  Severity severity = Severity::unspecified;
  UpdateCategory category = UpdateCategory::other;
  date::sys_days released;
  RebootBehaviour reboot = RebootBehaviour::may;
  std::vector<Kb> supersedes;     // may name KBs outside the catalog (older history)
  std::vector<Kb> prerequisites;  // "requires"; a KB outside the catalog holds the update back

  [[nodiscard]] bool applies_to(Product p) const noexcept;
  [[nodiscard]] bool may_restart() const noexcept { return reboot != RebootBehaviour::never; }
};

class Catalog {
 public:
  Catalog() = default;
  // Validates `updates`: duplicate KBs, an update superseding or requiring itself,
  // and supersedence or prerequisite cycles are InputErrors whose pointer is
  // "/updates/<index>/...", the update's place in the document.
  explicit Catalog(std::vector<CatalogUpdate> updates);

  [[nodiscard]] const std::vector<CatalogUpdate>& updates() const noexcept { return updates_; }
  [[nodiscard]] std::size_t size() const noexcept { return updates_.size(); }
  [[nodiscard]] const CatalogUpdate& operator[](std::size_t i) const noexcept { return updates_[i]; }
  // Index of `kb` in updates(), or nullopt.
  [[nodiscard]] std::optional<std::size_t> index_of(Kb kb) const noexcept;

  // Graph facts computed once at construction, shared by every classification.
  // Updates in an order where every superseding update comes before what it supersedes.
  [[nodiscard]] const std::vector<std::size_t>& supersedence_order() const noexcept { return supersedence_order_; }
  // For each update, the catalog indices of the updates it supersedes (in-catalog only).
  [[nodiscard]] const std::vector<std::vector<std::size_t>>& superseded() const noexcept { return superseded_; }
  // Updates in an order where every prerequisite comes before what requires it.
  [[nodiscard]] const std::vector<std::size_t>& prerequisite_order() const noexcept { return prerequisite_order_; }

 private:
  std::vector<CatalogUpdate> updates_;
  std::unordered_map<Kb, std::size_t> index_;
  std::vector<std::vector<std::size_t>> superseded_;
  std::vector<std::size_t> supersedence_order_;
  std::vector<std::size_t> prerequisite_order_;
};

// Reads a catalog file ({"updates": [...]}, parse_catalog in json.hpp); every
// error is an InputError with its JSON pointer.
Catalog load_catalog(const std::string& path);

}  // namespace hotplan
