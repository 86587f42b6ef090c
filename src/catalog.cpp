#include "hotplan/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <map>
#include <utility>

#include "document_readers.hpp"
#include "hotplan/limits.hpp"

namespace hotplan {

namespace {

constexpr std::pair<std::string_view, UpdateClassification> kClassifications[] = {
    {"Critical", UpdateClassification::critical},
    {"Security", UpdateClassification::security},
    {"UpdateRollup", UpdateClassification::update_rollup},
    {"FeaturePack", UpdateClassification::feature_pack},
    {"ServicePack", UpdateClassification::service_pack},
    {"Definition", UpdateClassification::definition},
    {"Tools", UpdateClassification::tools},
    {"Updates", UpdateClassification::updates}};
constexpr std::pair<std::string_view, Severity> kSeverities[] = {{"Critical", Severity::critical},
                                                                 {"Important", Severity::important},
                                                                 {"Moderate", Severity::moderate},
                                                                 {"Low", Severity::low},
                                                                 {"Unspecified", Severity::unspecified}};
constexpr std::pair<std::string_view, UpdateCategory> kCategories[] = {{"os-cumulative", UpdateCategory::os_cumulative},
                                                                       {"os-hotpatch", UpdateCategory::os_hotpatch},
                                                                       {"ssu", UpdateCategory::ssu},
                                                                       {"dotnet", UpdateCategory::dotnet},
                                                                       {"driver", UpdateCategory::driver},
                                                                       {"firmware", UpdateCategory::firmware},
                                                                       {"definition", UpdateCategory::definition},
                                                                       {"other", UpdateCategory::other}};
constexpr std::pair<std::string_view, RebootBehaviour> kReboots[] = {
    {"never", RebootBehaviour::never}, {"may", RebootBehaviour::may}, {"always", RebootBehaviour::always}};

std::string updates_pointer(std::size_t index, std::string_view field) {
  return fmt::format("/updates/{}/{}", index, field);
}

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// Vertices in the order a depth-first search finishes them: for an edge u -> v,
// v comes before u. Deterministic: vertices and edges are visited in index order.
// On a cycle, throws an InputError naming every KB of every cycle.
std::vector<std::size_t> finish_order(const Graph& graph, const std::vector<CatalogUpdate>& updates,
                                      std::string_view relation, std::string_view field) {
  std::vector<std::size_t> order;
  order.reserve(boost::num_vertices(graph));
  try {
    boost::topological_sort(graph, std::back_inserter(order));
    return order;
  } catch (const boost::not_a_dag&) {
  }
  std::vector<std::size_t> component(boost::num_vertices(graph));
  const auto count = boost::strong_components(graph, component.data());
  std::vector<std::vector<std::size_t>> members(count);
  for (std::size_t v = 0; v < component.size(); ++v) members[component[v]].push_back(v);
  std::vector<std::vector<std::size_t>> cycles;
  for (auto& m : members) {
    if (m.size() > 1) cycles.push_back(std::move(m));
  }
  std::sort(cycles.begin(), cycles.end());
  std::string text;
  for (const auto& cycle : cycles) {
    std::string names;
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      names += (i == 0 ? "" : (i + 1 == cycle.size() ? " and " : ", ")) + updates[cycle[i]].kb.str();
    }
    text += (text.empty() ? "" : "; ") + names;
  }
  throw InputError(
      updates_pointer(cycles.front().front(), field),
      fmt::format("{} cycle: {} {} each other", relation, text, relation == "supersedence" ? "supersede" : "require"));
}

}  // namespace

std::string_view classification_id(UpdateClassification c) noexcept { return name_of(c, kClassifications); }
std::string_view severity_id(Severity s) noexcept { return name_of(s, kSeverities); }
std::string_view category_id(UpdateCategory c) noexcept { return name_of(c, kCategories); }
std::string_view reboot_behaviour_id(RebootBehaviour r) noexcept { return name_of(r, kReboots); }

std::string_view category_name(UpdateCategory c) noexcept {
  switch (c) {
    case UpdateCategory::os_cumulative:
      return "cumulative update";
    case UpdateCategory::os_hotpatch:
      return "hotpatch";
    case UpdateCategory::ssu:
      return "servicing stack";
    case UpdateCategory::dotnet:
      return ".NET";
    case UpdateCategory::driver:
      return "driver";
    case UpdateCategory::firmware:
      return "firmware";
    case UpdateCategory::definition:
      return "definition";
    case UpdateCategory::other:
      return "other";
  }
  return "other";
}

UpdateClassification read_classification(const JsonNode& node) { return read_enum(node, kClassifications); }
Severity read_severity(const JsonNode& node) { return read_enum(node, kSeverities); }

bool CatalogUpdate::applies_to(Product p) const noexcept {
  return std::find(products.begin(), products.end(), p) != products.end();
}

Catalog::Catalog(std::vector<CatalogUpdate> updates) : updates_(std::move(updates)) {
  if (updates_.size() > limits::kMaxCatalogUpdates) {
    throw LimitError("/updates",
                     fmt::format("{} updates; the limit is {}", updates_.size(), limits::kMaxCatalogUpdates));
  }
  const std::size_t n = updates_.size();
  index_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto [it, inserted] = index_.emplace(updates_[i].kb, i);
    if (!inserted) {
      throw InputError(updates_pointer(i, "kb"), fmt::format("{} is listed more than once (first at /updates/{})",
                                                             updates_[i].kb.str(), it->second));
    }
  }
  // Edges point from an update to what it supersedes, and from an update to its
  // prerequisites: a finished depth-first search lists the targets first.
  Graph supersedence(n);
  Graph prerequisite(n);
  superseded_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& u = updates_[i];
    for (std::size_t j = 0; j < u.supersedes.size(); ++j) {
      if (u.supersedes[j] == u.kb) {
        throw InputError(updates_pointer(i, fmt::format("supersedes/{}", j)),
                         fmt::format("{} supersedes itself", u.kb.str()));
      }
      if (const auto target = index_of(u.supersedes[j])) {
        boost::add_edge(i, *target, supersedence);
        superseded_[i].push_back(*target);
      }
    }
    for (std::size_t j = 0; j < u.prerequisites.size(); ++j) {
      if (u.prerequisites[j] == u.kb) {
        throw InputError(updates_pointer(i, fmt::format("requires/{}", j)),
                         fmt::format("{} requires itself", u.kb.str()));
      }
      if (const auto target = index_of(u.prerequisites[j])) boost::add_edge(i, *target, prerequisite);
    }
  }
  supersedence_order_ = finish_order(supersedence, updates_, "supersedence", "supersedes");
  std::reverse(supersedence_order_.begin(), supersedence_order_.end());  // superseding updates first
  prerequisite_order_ = finish_order(prerequisite, updates_, "prerequisite", "requires");
}

std::optional<std::size_t> Catalog::index_of(Kb kb) const noexcept {
  const auto it = index_.find(kb);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

namespace {

// A KB list; a KB listed twice is an error (it would hide a typo for another KB).
std::vector<Kb> read_kb_list(const JsonNode& node) {
  const std::size_t n = node.array_size();
  std::vector<Kb> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto element = node.element(i);
    const auto kb = read_kb(element);
    if (std::find(out.begin(), out.end(), kb) != out.end()) element.fail(fmt::format("{} is listed twice", kb.str()));
    out.push_back(kb);
  }
  return out;
}

CatalogUpdate parse_update(const JsonNode& node) {
  node.expect_object({"kb", "title", "product", "products", "classification", "severity", "category", "released",
                      "reboot", "supersedes", "requires"});
  CatalogUpdate u{read_kb(node.at("kb")), std::string(node.at("title").string()), {}, {}, {}, {}, {}, {}, {}, {}};
  const auto product = node.find("product");
  const auto products = node.find("products");
  if (product && products) node.fail("give either \"product\" or \"products\", not both");
  if (!product && !products) node.fail("missing required field \"product\" (or \"products\")");
  if (product) {
    u.products.push_back(read_enum(*product, kProductIds));
  } else {
    const std::size_t n = products->array_size();
    if (n == 0) products->fail("expected at least one product");
    for (std::size_t i = 0; i < n; ++i) {
      const auto element = products->element(i);
      const auto p = read_enum(element, kProductIds);
      if (u.applies_to(p)) element.fail(fmt::format("{} is listed twice", product_id(p)));
      u.products.push_back(p);
    }
  }
  u.classification = read_classification(node.at("classification"));
  u.severity = read_severity(node.at("severity"));
  u.category = read_enum(node.at("category"), kCategories);
  u.released = read_date(node.at("released"));
  u.reboot = read_enum(node.at("reboot"), kReboots);
  if (auto list = node.find("supersedes")) u.supersedes = read_kb_list(*list);
  if (auto list = node.find("requires")) u.prerequisites = read_kb_list(*list);
  return u;
}

Catalog read_catalog(const JsonNode& root) {
  root.expect_object({"updates", "description"});
  if (auto description = root.find("description")) (void)description->string();
  const auto list = root.at("updates");
  const std::size_t n = list.array_size();
  if (n > limits::kMaxCatalogUpdates) {
    throw LimitError(list.pointer(), fmt::format("{} updates; the limit is {}", n, limits::kMaxCatalogUpdates));
  }
  std::vector<CatalogUpdate> updates;
  updates.reserve(n);
  for (std::size_t i = 0; i < n; ++i) updates.push_back(parse_update(list.element(i)));
  return Catalog(std::move(updates));
}

}  // namespace

Catalog parse_catalog(const Json& document) { return read_catalog(JsonNode(document, "")); }

Catalog parse_catalog_text(std::string_view text, std::string_view source) {
  return detail::read_json_text(text, source, false, read_catalog);
}

Catalog load_catalog(const std::string& path) { return detail::read_json_file(path, read_catalog); }

}  // namespace hotplan
