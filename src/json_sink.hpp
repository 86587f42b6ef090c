#pragma once
// A JSON writer behind virtual calls, for writers the library's sources cannot
// name: the Python module builds its dicts and lists straight from a plan with
// one, without a Json value in between. The serialisers are report.cpp's, the
// same that write the CLI's text and the library's Json values. Private to the
// library's sources and the Python module.
#include <cstdint>
#include <string_view>

#include "hotplan/planner.hpp"

namespace hotplan::detail {

class JsonSink {
 public:
  JsonSink() = default;
  JsonSink(const JsonSink&) = delete;
  JsonSink& operator=(const JsonSink&) = delete;
  virtual ~JsonSink() = default;

  virtual void begin_object() = 0;
  virtual void end_object() = 0;
  virtual void begin_array() = 0;
  virtual void end_array() = 0;
  virtual void key(std::string_view name) = 0;
  virtual void string(std::string_view text) = 0;
  virtual void boolean(bool value) = 0;
  virtual void integer(std::int64_t value) = 0;
  virtual void null() = 0;
};

// What plan_to_json(plan) holds, written to `sink`.
void write_plan_to(JsonSink& sink, const FleetPlan& plan);

}  // namespace hotplan::detail
