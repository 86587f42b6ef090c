#pragma once
// hotplan: the whole public API in one include.
#include <string_view>

#include "hotplan/build.hpp"
#include "hotplan/calendar.hpp"
#include "hotplan/calendar_import.hpp"
#include "hotplan/calendar_set.hpp"
#include "hotplan/catalog.hpp"
#include "hotplan/civil.hpp"
#include "hotplan/classify.hpp"
#include "hotplan/clock_time.hpp"
#include "hotplan/eligibility.hpp"
#include "hotplan/error.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/ics.hpp"
#include "hotplan/install_window.hpp"
#include "hotplan/json.hpp"
#include "hotplan/kb.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/offpeak.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/planner.hpp"
#include "hotplan/policy.hpp"
#include "hotplan/product.hpp"
#include "hotplan/release_time.hpp"
#include "hotplan/report.hpp"
#include "hotplan/report_csv.hpp"
#include "hotplan/report_html.hpp"
#include "hotplan/rollout.hpp"
#include "hotplan/summary.hpp"
#include "hotplan/trajectory.hpp"
#include "hotplan/windows.hpp"
#include "hotplan/zones.hpp"

namespace hotplan {
inline constexpr std::string_view kVersion = "0.1.0";
}  // namespace hotplan
