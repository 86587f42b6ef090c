#pragma once
// The release data a plan runs on: one calendar per product, built from the
// shipped data and, on top of it, the user's own calendar files (e.g. written by
// `hotplan calendar import`). Every stage takes it as an argument.
#include <array>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hotplan/calendar.hpp"

namespace hotplan {

struct CalendarLayer;  // json.hpp

class CalendarSet {
 public:
  // The data compiled into the library (parsed once, shared).
  static CalendarSet shipped();
  // The shipped data, then each layer in order: a layer's month replaces that
  // product month wholesale, its out-of-band release replaces the one with the
  // same KB. Two layers that disagree on the same month or release are an error
  // naming both.
  static CalendarSet with_layers(std::span<const CalendarLayer> layers);
  // with_layers() over files read from disk ("-" is standard input).
  static CalendarSet with_files(std::span<const std::string> paths);
  // This set with one product's calendar replaced wholesale (tests, fuzzing).
  [[nodiscard]] CalendarSet replaced(Calendar calendar) const;

  [[nodiscard]] const Calendar& operator[](Product product) const noexcept {
    return *calendars_[static_cast<std::size_t>(product)];
  }
  // By product index (static_cast<std::size_t>(product)), for per-product tables.
  [[nodiscard]] const Calendar* operator[](std::size_t index) const noexcept { return calendars_[index].get(); }
  [[nodiscard]] static constexpr std::size_t size() noexcept { return kAllProducts.size(); }
  // The user layers on top of the shipped data, in order (provenance for reports).
  [[nodiscard]] const std::vector<std::string>& layer_names() const noexcept { return layer_names_; }

 private:
  std::array<std::shared_ptr<const Calendar>, kAllProducts.size()> calendars_;
  std::vector<std::string> layer_names_;
};

}  // namespace hotplan
