#pragma once
// A large JSON document cut where its one big array is, so that each piece is
// parsed on its own: simdjson's tape then holds a slice of the array, not the
// whole document (a 1,000,000-machine fleet would need about 1.5 GB at once).
// The scan only finds boundaries; every byte it does not check itself (the
// separators between elements) is parsed by simdjson as part of a piece.
// Private to the library's sources.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotplan::detail {

// A byte range [begin, end) of the document.
struct TextSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct SplitDocument {
  // The document with the array's elements cut out: `"key":[]`, the rest as it was.
  std::string outline;
  // Each element of the array, in order.
  std::vector<TextSpan> elements;
};

// `text` split at the array that is the value of the top-level object's first
// member spelt exactly `key`. Nullopt when the scan cannot vouch for the cut:
// the text is not an object with such a member holding an array, a string or
// bracket is left open, something other than JSON whitespace and one comma
// separates two elements, or the array has more than `max_elements` (the spans
// would otherwise take up to eight times the text: "[1,1,1,...]"). The pieces
// may still be invalid JSON; their parse says so.
std::optional<SplitDocument> split_at_array(std::string_view text, std::string_view key, std::size_t max_elements);

}  // namespace hotplan::detail
