#pragma once
// describe(step)'s sentence appended to a buffer, for writers that copy it on
// (the JSON text writer's "reason"): no string of its own per machine-month.
#include <fmt/format.h>

#include "hotplan/trajectory.hpp"

namespace hotplan::detail {

void append_description(fmt::memory_buffer& out, const TrajectoryStep& step);

}  // namespace hotplan::detail
