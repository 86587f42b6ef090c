#pragma once
// The hotpatch calendar of a product: a baseline month (restart) then hotpatch
// months (no restart). Shipped data decides every month it covers; beyond it the
// planned-baseline rule (January, April, July, October) projects.
#include <date/date.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hotplan/build.hpp"
#include "hotplan/json_input.hpp"
#include "hotplan/kb.hpp"
#include "hotplan/product.hpp"

namespace hotplan {

enum class MonthKind : std::uint8_t { baseline, unplanned_baseline, hotpatch };
enum class MonthSource : std::uint8_t { published, projected };

std::string_view month_kind_id(MonthKind kind) noexcept;  // "baseline", "unplanned-baseline", "hotpatch"
std::string_view month_source_id(MonthSource source) noexcept;
constexpr bool is_baseline(MonthKind kind) noexcept { return kind != MonthKind::hotpatch; }

// The planned-baseline rule, used only beyond the data.
constexpr bool is_planned_baseline_month(date::month m) noexcept {
  const unsigned n = static_cast<unsigned>(m);
  return n == 1 || n == 4 || n == 7 || n == 10;
}

// An update identified by KB, with its build when known.
struct UpdateId {
  std::optional<Kb> kb;
  std::optional<Build> build;
  friend bool operator==(const UpdateId&, const UpdateId&) = default;
};

// An out-of-band release: ships on any day, and either keeps a machine on the
// hotpatch chain (the data says so) or takes it off.
struct OutOfBand {
  date::sys_days date;
  Kb kb;
  std::optional<Build> build;
  bool keeps_chain = false;
  std::string note;
};

struct CalendarMonth {
  date::year_month month;
  MonthKind kind = MonthKind::hotpatch;
  MonthSource source = MonthSource::projected;
  date::sys_days patch_tuesday;
  date::sys_seconds release_utc;
  UpdateId offer;                      // the baseline in a baseline month, the hotpatch otherwise
  UpdateId lcu;                        // the regular cumulative update (the baseline itself in a baseline month)
  std::vector<OutOfBand> out_of_band;  // released during this calendar month, by date
};

// Where a known KB stands: what it is and which baseline's chain it belongs to.
enum class UpdateRole : std::uint8_t { baseline, hotpatch, lcu, out_of_band };
std::string_view update_role_id(UpdateRole role) noexcept;

struct KnownUpdate {
  Kb kb;
  std::optional<Build> build;
  UpdateRole role = UpdateRole::lcu;
  date::year_month month;                          // calendar month it was released in
  date::sys_days released;                         // release day
  std::optional<date::year_month> chain_baseline;  // baseline month whose chain it is on; none = off chain
};

class Calendar {
 public:
  // The calendar compiled into the library from data/calendar/<product>.json.
  static const Calendar& shipped(Product product);
  // Validates calendar data; errors carry JSON pointers into `data`.
  static Calendar from_json(const Json& data);

  [[nodiscard]] Product product() const noexcept { return product_; }
  // First and last month the data decides (published); outside them, projected.
  [[nodiscard]] date::year_month first_published() const noexcept { return first_; }
  [[nodiscard]] date::year_month last_published() const noexcept { return last_; }

  [[nodiscard]] MonthKind kind(date::year_month ym) const noexcept;
  [[nodiscard]] MonthSource source(date::year_month ym) const noexcept;
  [[nodiscard]] CalendarMonth month(date::year_month ym) const;
  [[nodiscard]] std::vector<CalendarMonth> months(date::year_month from, int count) const;

  // Latest baseline month at or before `ym`, and the first one after it.
  [[nodiscard]] date::year_month baseline_at_or_before(date::year_month ym) const noexcept;
  [[nodiscard]] date::year_month next_baseline_after(date::year_month ym) const noexcept;

  [[nodiscard]] const KnownUpdate* find(Kb kb) const noexcept;
  [[nodiscard]] const std::vector<OutOfBand>& out_of_band() const noexcept { return out_of_band_; }

 private:
  struct MonthData {
    std::optional<MonthKind> kind;  // absent: projected by rule
    UpdateId offer;
    UpdateId lcu;
  };
  [[nodiscard]] const MonthData* data_for(date::year_month ym) const noexcept;
  void index_updates();

  Product product_ = Product::ws2025;
  date::year_month first_{date::year{1970}, date::January};
  date::year_month last_{date::year{1970}, date::January};
  std::vector<MonthData> months_;  // first_ .. last_, one per month
  std::vector<OutOfBand> out_of_band_;
  std::unordered_map<Kb, KnownUpdate> known_;
};

// One calendar per product, indexed by Product; the shipped ones by default.
using CalendarSet = std::array<const Calendar*, kAllProducts.size()>;
CalendarSet shipped_calendars();

}  // namespace hotplan
