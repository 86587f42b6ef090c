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
#include "hotplan/error.hpp"
#include "hotplan/kb.hpp"
#include "hotplan/names.hpp"
#include "hotplan/product.hpp"

namespace hotplan {

// `regular`: past the product's hotpatch end, every month is a regular update with restart.
enum class MonthKind : std::uint8_t { baseline, unplanned_baseline, hotpatch, regular };
// Where a fact comes from: Microsoft's own pages (published), secondary sources
// quoting Microsoft (reported), or the planned-baseline rule (projected).
enum class DataStatus : std::uint8_t { published, reported, projected };

inline constexpr NameEntry<MonthKind> kMonthKindIds[] = {{"baseline", MonthKind::baseline},
                                                         {"unplanned-baseline", MonthKind::unplanned_baseline},
                                                         {"hotpatch", MonthKind::hotpatch},
                                                         {"regular", MonthKind::regular}};
inline constexpr NameEntry<DataStatus> kDataStatusIds[] = {
    {"published", DataStatus::published}, {"reported", DataStatus::reported}, {"projected", DataStatus::projected}};
constexpr std::string_view month_kind_id(MonthKind kind) noexcept { return name_of(kind, kMonthKindIds); }
constexpr std::string_view data_status_id(DataStatus status) noexcept { return name_of(status, kDataStatusIds); }
constexpr std::optional<DataStatus> parse_data_status(std::string_view text) noexcept {
  return parse_name(text, kDataStatusIds);
}
constexpr bool is_baseline(MonthKind kind) noexcept {
  return kind == MonthKind::baseline || kind == MonthKind::unplanned_baseline;
}
// The less certain of two statuses (published < reported < projected).
constexpr DataStatus weaker(DataStatus a, DataStatus b) noexcept { return a > b ? a : b; }

// The planned-baseline rule, used only beyond the data.
constexpr bool is_planned_baseline_month(date::month m) noexcept {
  const unsigned n = static_cast<unsigned>(m);
  return n == 1 || n == 4 || n == 7 || n == 10;
}

// An update identified by KB, with its build when known.
struct UpdateId {
  PackedOptional<Kb> kb;
  PackedOptional<Build> build;
  friend bool operator==(const UpdateId&, const UpdateId&) = default;
};

// An out-of-band release: ships on any day, and either keeps a machine on the
// hotpatch chain (the data says so) or takes it off.
// `keeps_chain` is false when the data does not know (`chain_known` false): such a
// release is treated as taking the machine off the chain, and plans say so.
struct OutOfBand {
  date::sys_days date;
  Kb kb;
  std::optional<Build> build;
  bool keeps_chain = false;
  std::string note;
  bool chain_known = true;
  DataStatus status = DataStatus::published;
  std::string reference;
};

struct CalendarMonth {
  date::year_month month;
  MonthKind kind = MonthKind::hotpatch;
  DataStatus status = DataStatus::projected;  // of the month's kind
  date::sys_days patch_tuesday;
  date::sys_seconds release_utc;
  UpdateId offer;                                   // the baseline in a baseline month, the hotpatch otherwise
  DataStatus offer_status = DataStatus::projected;  // of the offer's KB and build (projected: unknown)
  UpdateId lcu;  // the regular cumulative update (the baseline itself in a baseline month)
  DataStatus lcu_status = DataStatus::projected;
  std::string reference;               // the KB article (or calendar page) the month's facts come from
  std::string note;                    // what a person should know about this month
  std::vector<OutOfBand> out_of_band;  // released during this calendar month, by date
};

// The product's end of hotpatch, when the data states one: the last hotpatch
// month; later months are `regular`.
struct HotpatchEnd {
  date::year_month last_month;
  DataStatus status = DataStatus::published;
  std::string note;
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

namespace detail {
struct CalendarReader;  // builds a Calendar from its JSON document (src/calendar_reader.hpp)
}  // namespace detail

class Calendar {
 public:
  // The calendar compiled into the library from data/calendar/<product>.json.
  static const Calendar& shipped(Product product);

  [[nodiscard]] Product product() const noexcept { return product_; }
  // First and last month listed in the data; outside them, projected.
  [[nodiscard]] date::year_month first_listed() const noexcept { return first_; }
  [[nodiscard]] date::year_month last_listed() const noexcept { return last_; }
  // The last month whose kind the data states (published or reported).
  [[nodiscard]] std::optional<date::year_month> data_through() const noexcept { return data_through_; }
  // The first month hotplan supports for the product; planning earlier is an error.
  [[nodiscard]] std::optional<date::year_month> first_supported() const noexcept { return first_supported_; }
  [[nodiscard]] const std::optional<HotpatchEnd>& hotpatch_end() const noexcept { return hotpatch_end_; }
  // The highest build of any update the data knows (to tell a machine newer than the data).
  [[nodiscard]] std::optional<Build> newest_build() const noexcept { return newest_build_; }
  // Where the data comes from (free text from the data file).
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  [[nodiscard]] MonthKind kind(date::year_month ym) const noexcept;
  [[nodiscard]] DataStatus status(date::year_month ym) const noexcept;
  [[nodiscard]] CalendarMonth month(date::year_month ym) const;
  // month(ym).offer, without building the rest of the month (its texts and releases).
  [[nodiscard]] UpdateId offer(date::year_month ym) const noexcept;
  [[nodiscard]] std::vector<CalendarMonth> months(date::year_month from, int count) const;

  // Latest baseline month at or before `ym`, and the first one after it.
  [[nodiscard]] date::year_month baseline_at_or_before(date::year_month ym) const noexcept;
  [[nodiscard]] date::year_month next_baseline_after(date::year_month ym) const noexcept;

  [[nodiscard]] const KnownUpdate* find(Kb kb) const noexcept;
  [[nodiscard]] const std::vector<OutOfBand>& out_of_band() const noexcept { return out_of_band_; }

 private:
  struct MonthData {
    std::optional<MonthKind> kind;  // absent: projected by rule
    DataStatus status = DataStatus::projected;
    std::optional<date::sys_days> release_day;  // when the data gives one (else Patch Tuesday)
    UpdateId offer;
    DataStatus offer_status = DataStatus::projected;
    UpdateId lcu;
    DataStatus lcu_status = DataStatus::projected;
    std::string reference;
    std::string note;
  };
  friend struct detail::CalendarReader;
  [[nodiscard]] const MonthData* data_for(date::year_month ym) const noexcept;
  void index_updates();

  Product product_ = Product::ws2025;
  date::year_month first_{date::year{1970}, date::January};
  date::year_month last_{date::year{1970}, date::January};
  std::vector<MonthData> months_;  // first_ .. last_, one per month; empty for a default Calendar
  std::optional<date::year_month> data_through_;
  std::optional<date::year_month> first_supported_;
  std::optional<HotpatchEnd> hotpatch_end_;
  std::optional<Build> newest_build_;
  std::string source_;
  std::vector<OutOfBand> out_of_band_;
  std::unordered_map<Kb, KnownUpdate> known_;
};

}  // namespace hotplan
