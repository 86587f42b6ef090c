// Microsoft's release information page as `hotplan calendar import` reads it
// (HTML or Markdown): parse_release_page, then the merge over the shipped data.
// Any input must give an InputError or data that is valid calendar data and
// that, written and read back as `--calendar` does, loads again.
#include "fuzz_support.hpp"

namespace {
using namespace hotplan;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto page = parse_release_page(fuzz::as_text(data, size), "page");
    for (const auto& calendar : page.calendars) (void)calendar_from_json(calendar);
    const auto result = import_release_page(page, {});
    Json written = Json::array();
    for (const auto& calendar : result.calendars) written.push_back(calendar);
    const std::vector<CalendarLayer> layers{
        {"written", parse_json_text(Json{{"calendars", written}}.dump(), "written")}};
    (void)CalendarSet::with_layers(layers);
  } catch (const InputError&) {
    return 0;
  } catch (const std::exception& e) {
    fuzz::failed(std::string("unexpected exception: ") + e.what(), __FILE__, __LINE__);
  }
  return 0;
}
