#pragma once
// The plan (and optionally a month's rollout) as one self-contained HTML file:
// inline CSS and SVG, no script, no network fetch, so it opens from disk in any
// browser. Every figure is in the HTML itself; elements carrying a figure have
// an id and a data-value attribute (e.g. id="fig-restarts" data-value="18") so
// tools and tests can read them back.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "hotplan/calendar_set.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/rollout.hpp"

namespace hotplan {

struct ReportOptions {
  // Past this many machines the heatmap shows groups (product, region and
  // availability set; product and region when those are too many), worst first.
  std::size_t heatmap_machine_rows = 300;
  // At most this many heatmap rows; the rest are counted in one line.
  std::size_t heatmap_max_rows = 300;
  // Machine ids listed per eligibility failure or rollout reason before "and N more".
  std::size_t listed_ids = 50;
};

// `fleet`: the fleet `plan` is of (same machines, same order): its placement
// groups the heatmap. `calendars`: the release data the plan used (provenance).
// `rollout`: a month's rollout of the same fleet, or null.
void write_report_html(std::ostream& out, const Fleet& fleet, const FleetPlan& plan, const CalendarSet& calendars,
                       const Rollout* rollout = nullptr, const ReportOptions& options = {});
[[nodiscard]] std::string report_html(const Fleet& fleet, const FleetPlan& plan, const CalendarSet& calendars,
                                      const Rollout* rollout = nullptr, const ReportOptions& options = {});

// Writes `text` to `path` through a temporary file beside it, renamed into place
// only when complete: a failed write leaves no partial file behind. A failure is
// an InputError at `where` (an option or argument name).
void write_file_atomically(const std::string& path, std::string_view text, const std::string& where);

// Text made safe inside HTML content and attribute values (& < > " ').
std::string html_escape(std::string_view text);

}  // namespace hotplan
