#include "hotplan/calendar_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <variant>

#include "calendar_reader.hpp"
#include "hotplan/build.hpp"
#include "hotplan/calendar.hpp"
#include "hotplan/civil.hpp"
#include "hotplan/kb.hpp"
#include "hotplan/limits.hpp"

namespace hotplan {

std::string_view change_kind_id(ChangeKind kind) noexcept {
  switch (kind) {
    case ChangeKind::new_month:
      return "new-month";
    case ChangeKind::kind_changed:
      return "kind-changed";
    case ChangeKind::kb_added:
      return "kb-added";
    case ChangeKind::kb_changed:
      return "kb-changed";
    case ChangeKind::kb_dropped:
      return "kb-dropped";
    case ChangeKind::now_published:
      return "now-published";
    case ChangeKind::new_out_of_band:
      return "new-out-of-band";
    case ChangeKind::chain_unknown:
      return "chain-unknown";
  }
  return "new-month";
}

namespace {

// ---------------------------------------------------------------- text

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && to_lower(text.substr(0, prefix.size())) == to_lower(prefix);
}

// Case-insensitive find without copying: the scanner calls it once per <script>,
// so a copy of the rest of the page would make many scripts quadratic.
std::size_t ifind(std::string_view text, std::string_view needle, std::size_t from = 0) {
  if (from > text.size()) return std::string_view::npos;
  const auto it = std::search(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), needle.begin(),
                              needle.end(), [](char a, char b) { return lower(a) == lower(b); });
  return it == text.end() && !needle.empty() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Collapses runs of white space (including no-break spaces, U+00A0) into one
// space and trims; drops zero-width spaces (U+200B), which pages use as hints.
std::string normalize_space(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      space = true;
      ++i;
      continue;
    }
    if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' && text[i + 2] == '\x8B') {
      i += 2;
      continue;
    }
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0xA0) cp = ' ';
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the character reference at text[i] ('&') into `out` and returns the
// characters consumed; an unknown or unterminated reference stays literal.
std::size_t decode_entity(std::string_view text, std::size_t i, std::string& out) {
  std::size_t semi_at = 0;
  // Only a short window: a search to the end for every '&' would be quadratic.
  const auto semi = text.substr(i, 12).find(';');
  if (semi != std::string_view::npos) semi_at = i + semi;
  if (semi == std::string_view::npos) {
    out.push_back('&');
    return 1;
  }
  const std::string_view name = text.substr(i + 1, semi_at - i - 1);
  static constexpr std::array<std::pair<std::string_view, std::uint32_t>, 11> kNamed{{{"amp", '&'},
                                                                                      {"lt", '<'},
                                                                                      {"gt", '>'},
                                                                                      {"quot", '"'},
                                                                                      {"apos", '\''},
                                                                                      {"nbsp", 0xA0},
                                                                                      {"ast", '*'},
                                                                                      {"midast", '*'},
                                                                                      {"ndash", 0x2013},
                                                                                      {"mdash", 0x2014},
                                                                                      {"zwsp", 0x200B}}};
  for (const auto& [entity, cp] : kNamed) {
    if (name == entity) {
      append_utf8(out, cp);
      return semi_at - i + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    std::uint32_t cp = 0;
    bool ok = !digits.empty() && digits.size() <= 7;
    for (char c : digits) {
      if (!ok) break;
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
      ok = v >= 0;
      cp = cp * (hex ? 16U : 10U) + static_cast<std::uint32_t>(v);
    }
    if (ok) {
      append_utf8(out, cp);
      return semi_at - i + 1;
    }
  }
  out.push_back('&');
  return 1;
}

// ---------------------------------------------------------------- document model

struct Heading {
  int level = 1;  // 1-6; a table caption counts as 7 (below every heading)
  std::string text;
};
struct Table {
  std::vector<std::vector<std::string>> rows;  // the first row is the header
};
using Block = std::variant<Heading, Table>;
// Blocks go to the reader as they are found, so a page costs one table's memory.
using BlockSink = std::function<void(Block&&)>;

// Cells of one table: the page's tables have a few hundred; more is hostile.
constexpr std::size_t kMaxTableCells = 100'000;
void count_cells(std::size_t& cells, std::size_t more) {
  cells += more;
  if (cells > kMaxTableCells) throw LimitError("", fmt::format("a table has more than {} cells", kMaxTableCells));
}

// Tags whose content is never page text.
bool is_raw_text_element(std::string_view name) {
  return name == "script" || name == "style" || name == "template" || name == "noscript" || name == "textarea";
}

// Tags that separate words: their text must not run into the next cell's.
bool is_breaking_element(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames{"br", "p", "div", "li", "ul", "ol", "hr"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// A scanner for the parts of HTML the page uses: headings and tables, their
// text with character references decoded. Anything else is skipped; malformed
// markup degrades to text, never to an error or a crash.
class HtmlScanner {
 public:
  HtmlScanner(std::string_view html, BlockSink sink) : s_(html), sink_(std::move(sink)) {}

  void scan() {
    while (i_ < s_.size()) {
      if (s_[i_] == '<') {
        tag();
      } else if (s_[i_] == '&') {
        std::string decoded;
        i_ += decode_entity(s_, i_, decoded);
        text(decoded);
      } else {
        const auto next = s_.find_first_of("<&", i_);
        const auto end = next == std::string_view::npos ? s_.size() : next;
        text(s_.substr(i_, end - i_));
        i_ = end;
      }
    }
    if (depth_ > 0) close_table();
  }

 private:
  void text(std::string_view t) {
    if (depth_ > 0 && in_cell_) {
      cell_ += t;
    } else if (heading_level_ > 0) {
      heading_ += t;
    }
  }

  void skip_past(std::string_view terminator) {
    const auto end = s_.find(terminator, i_);
    i_ = end == std::string_view::npos ? s_.size() : end + terminator.size();
  }

  void tag() {
    if (s_.substr(i_, 4) == "<!--") {
      skip_past("-->");
      return;
    }
    std::size_t j = i_ + 1;
    const bool closing = j < s_.size() && s_[j] == '/';
    if (closing) ++j;
    const std::size_t name_start = j;
    while (j < s_.size() && std::isalnum(static_cast<unsigned char>(s_[j])) != 0) ++j;
    if (j == name_start) {
      if (j < s_.size() && (s_[j] == '!' || s_[j] == '?')) {  // <!DOCTYPE ...>, <?xml ...?>
        skip_past(">");
      } else {
        text("<");
        ++i_;
      }
      return;
    }
    const std::string name = to_lower(s_.substr(name_start, j - name_start));
    // Attributes: skip to the closing '>' outside quotes.
    char quote = 0;
    while (j < s_.size() && (quote != 0 || s_[j] != '>')) {
      if (quote != 0) {
        if (s_[j] == quote) quote = 0;
      } else if (s_[j] == '"' || s_[j] == '\'') {
        quote = s_[j];
      }
      ++j;
    }
    i_ = std::min(j + 1, s_.size());
    if (!closing && is_raw_text_element(name)) {
      const auto end = ifind(s_.substr(i_), "</" + name);
      i_ = end == std::string::npos ? s_.size() : i_ + end;
      return;
    }
    element(name, closing);
  }

  void element(const std::string& name, bool closing) {
    const bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    if ((heading || name == "caption") && depth_ <= 1 && !in_cell_) {
      if (!closing) {
        heading_level_ = heading ? name[1] - '0' : 7;
        heading_.clear();
      } else if (heading_level_ > 0) {
        sink_(Heading{heading_level_, normalize_space(heading_)});
        heading_level_ = 0;
      }
      return;
    }
    if (name == "table") {
      if (!closing) {
        if (depth_++ == 0) table_ = Table{};
      } else if (depth_ == 1) {
        close_table();
      } else if (depth_ > 1) {
        --depth_;
      }
      return;
    }
    if (depth_ == 1 && (name == "tr" || name == "td" || name == "th")) {
      close_cell();
      if (name == "tr") {
        close_row();
      } else if (!closing) {
        in_cell_ = true;
      }
      return;
    }
    if (is_breaking_element(name)) text(" ");
  }

  void close_cell() {
    if (in_cell_) {
      count_cells(cells_, 1);
      row_.push_back(normalize_space(cell_));
    }
    in_cell_ = false;
    cell_.clear();
  }
  void close_row() {
    close_cell();
    if (!row_.empty()) table_.rows.push_back(std::move(row_));
    row_.clear();
  }
  void close_table() {
    close_row();
    depth_ = 0;
    if (!table_.rows.empty()) sink_(std::move(table_));
    table_ = Table{};
    cells_ = 0;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  BlockSink sink_;
  int heading_level_ = 0;
  std::string heading_;
  int depth_ = 0;
  Table table_;
  std::size_t cells_ = 0;
  std::vector<std::string> row_;
  bool in_cell_ = false;
  std::string cell_;
};

// Markdown inline text to plain text: links keep their text, bold and code
// markers go, backslash escapes and inline HTML are resolved. A single '*'
// stays: it is the page's footnote mark.
std::string markdown_inline_text(std::string_view md) {
  std::string out;
  // Once a search for a link's "](...)" or a tag's '>' fails, later ones fail
  // too: remembering it keeps long hostile cells linear.
  bool links = true;
  bool tags = true;
  for (std::size_t i = 0; i < md.size(); ++i) {
    const char c = md[i];
    if (c == '\\' && i + 1 < md.size() && std::ispunct(static_cast<unsigned char>(md[i + 1])) != 0) {
      out.push_back(md[++i]);
    } else if ((c == '*' || c == '_') && i + 1 < md.size() && md[i + 1] == c) {
      ++i;  // ** or __ (bold)
    } else if (c == '`') {
      continue;
    } else if (c == '[' && links) {
      // [text](target): keep the text.
      const auto close = md.find("](", i);
      const auto end = close == std::string_view::npos ? close : md.find(')', close);
      if (end == std::string_view::npos) {
        links = false;
        out.push_back(c);
      } else {
        out += markdown_inline_text(md.substr(i + 1, close - i - 1));
        i = end;
      }
    } else if (c == '&') {
      i += decode_entity(md, i, out) - 1;
    } else if (c == '<' && tags && i + 1 < md.size() &&
               (std::isalpha(static_cast<unsigned char>(md[i + 1])) != 0 || md[i + 1] == '/')) {
      // Inline HTML such as <br> or <sup>: the tag goes, its text stays.
      const auto end = md.find('>', i);
      if (end == std::string_view::npos) {
        tags = false;
        out.push_back(c);
      } else {
        out.push_back(' ');
        i = end;
      }
    } else {
      out.push_back(c);
    }
  }
  return normalize_space(out);
}

std::vector<std::string> split_pipe_row(std::string_view line, std::size_t& table_cells) {
  std::vector<std::string> cells;
  std::string cell;
  std::string_view t = line;
  while (!t.empty() && is_space(t.front())) t.remove_prefix(1);
  while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
  if (!t.empty() && t.front() == '|') t.remove_prefix(1);
  if (!t.empty() && t.back() == '|' && (t.size() < 2 || t[t.size() - 2] != '\\')) t.remove_suffix(1);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (t[i] == '|') {
      count_cells(table_cells, 1);
      cells.push_back(markdown_inline_text(cell));
      cell.clear();
    } else {
      cell.push_back(t[i]);
    }
  }
  cells.push_back(markdown_inline_text(cell));
  return cells;
}

bool is_separator_row(std::string_view line) {
  bool dash = false;
  bool pipe = false;
  for (char c : line) {
    if (c == '-') {
      dash = true;
    } else if (c == '|') {
      pipe = true;
    } else if (c != ':' && !is_space(c)) {
      return false;
    }
  }
  return dash && pipe;
}

// One line at a time (no table of all lines: a page of newlines would cost
// sixteen bytes per byte).
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  [[nodiscard]] bool done() const noexcept { return pos_ > text_.size(); }
  // The line at the current position, without its line break.
  [[nodiscard]] std::string_view peek(std::size_t* next = nullptr) const noexcept {
    auto end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    if (next != nullptr) *next = end + 1;
    auto line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }
  std::string_view next() noexcept {
    std::size_t after = 0;
    const auto line = peek(&after);
    pos_ = after;
    return line;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

void scan_markdown(std::string_view md, const BlockSink& sink) {
  LineReader lines(md);
  bool fenced = false;
  while (!lines.done()) {
    std::string_view t = lines.next();
    while (!t.empty() && is_space(t.front())) t.remove_prefix(1);
    if (t.starts_with("```") || t.starts_with("~~~")) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    std::size_t hashes = 0;
    while (hashes < t.size() && t[hashes] == '#') ++hashes;
    if (hashes >= 1 && hashes <= 6 && (hashes == t.size() || t[hashes] == ' ')) {
      std::string_view text = t.substr(hashes);
      while (!text.empty() && (text.back() == '#' || is_space(text.back()))) text.remove_suffix(1);
      sink(Heading{static_cast<int>(hashes), markdown_inline_text(text)});
      continue;
    }
    if (t.find('|') != std::string_view::npos && !lines.done() && is_separator_row(lines.peek())) {
      std::size_t cells = 0;
      Table table;
      table.rows.push_back(split_pipe_row(t, cells));
      (void)lines.next();
      while (!lines.done()) {
        const auto row = lines.peek();
        if (row.find('|') == std::string_view::npos || normalize_space(row).empty()) break;
        table.rows.push_back(split_pipe_row(lines.next(), cells));
      }
      sink(std::move(table));
    }
  }
}

bool looks_like_html(std::string_view page) {
  const auto head = to_lower(page.substr(0, std::min<std::size_t>(page.size(), 1U << 16U)));
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos ||
         head.find("<body") != std::string::npos || ifind(page, "<table") != std::string_view::npos;
}

// ---------------------------------------------------------------- page facts

struct PageMonth {
  MonthKind kind = MonthKind::hotpatch;
  std::optional<date::sys_days> day;
  std::optional<Build> build;
  std::optional<Kb> kb;
};

struct PageRelease {
  date::sys_days day;
  std::optional<Build> build;
  Kb kb;
};

struct ProductFacts {
  Product product;
  std::string label;  // "Windows Server 2025", as the page's heading says
  std::map<date::year_month, PageMonth> months;
  std::map<date::year_month, PageRelease> monthly;  // "B" releases
  std::vector<PageRelease> out_of_band;
  std::unordered_set<Kb> out_of_band_kbs;  // a row listed twice counts once
  int tables = 0;
};

// "Windows Server 2025 (OS build 26100)": the product and its label; nullopt
// for any heading that is not a product heading; a product heading of another
// product gives a label and no product.
struct ProductHeading {
  std::optional<Product> product;
  std::string label;
};
std::optional<ProductHeading> product_heading(const std::string& text) {
  const auto at = ifind(text, "(os build ");
  if (at == std::string::npos) return std::nullopt;
  const auto digits_start = at + 10;
  auto digits_end = digits_start;
  while (digits_end < text.size() && std::isdigit(static_cast<unsigned char>(text[digits_end])) != 0) ++digits_end;
  if (digits_end == digits_start || digits_end >= text.size() || text[digits_end] != ')') return std::nullopt;
  ProductHeading heading{std::nullopt, normalize_space(text.substr(0, std::min<std::size_t>(at, 100)))};
  const auto build = text.substr(digits_start, digits_end - digits_start);
  if (istarts_with(heading.label, "Windows Server 2025") && build == "26100") heading.product = Product::ws2025;
  if (istarts_with(heading.label, "Windows Server 2022") && build == "20348")
    heading.product = Product::ws2022_azure_edition;
  return heading;
}

// "Calendar year 2026" (possibly followed by more words): the year.
std::optional<int> calendar_year_heading(const std::string& text) {
  if (!istarts_with(text, "calendar year ")) return std::nullopt;
  const auto rest = std::string_view(text).substr(14);
  const auto year = detail::parse_digits(rest.substr(0, std::min<std::size_t>(4, rest.size())));
  if (!year || rest.size() < 4 || (rest.size() > 4 && rest[4] != ' ') || *year < 1970 || *year > 2100)
    return std::nullopt;
  return year;
}

std::optional<date::month> parse_month_name(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kNames{"january",   "february", "march",    "april",
                                                           "may",       "june",     "july",     "august",
                                                           "september", "october",  "november", "december"};
  const auto t = to_lower(text);
  for (unsigned i = 0; i < kNames.size(); ++i) {
    if (t == kNames[i] || (t.size() == 3 && kNames[i].starts_with(t)) || (t == "sept" && i == 8))
      return date::month{i + 1};
  }
  return std::nullopt;
}

// A table's columns by header name (case-insensitive); a missing one is an error.
class Columns {
 public:
  Columns(const std::vector<std::string>& header, std::initializer_list<std::string_view> wanted,
          const std::string& where) {
    std::string found;
    for (std::size_t i = 0; i < header.size() && i < 12; ++i) found += (i == 0 ? "" : ", ") + header[i].substr(0, 40);
    for (auto name : wanted) {
      const auto it = std::find_if(header.begin(), header.end(), [&](const std::string& h) {
        return to_lower(std::string_view(h).substr(0, h.find_last_not_of(" *") + 1)) == to_lower(name);
      });
      if (it == header.end())
        throw InputError(where, fmt::format("the table has no \"{}\" column (its columns: {})", name, found));
      index_.push_back(static_cast<std::size_t>(it - header.begin()));
    }
  }
  // The cell of wanted column `n` in `row`; rows too short are an error.
  [[nodiscard]] const std::string& cell(const std::vector<std::string>& row, std::size_t n,
                                        const std::string& where) const {
    if (index_[n] >= row.size())
      throw InputError(where, fmt::format("the row has {} cells; the table has more columns", row.size()));
    return row[index_[n]];
  }

 private:
  std::vector<std::size_t> index_;
};

bool row_is_empty(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& c) { return c.empty() || c == "-"; });
}

std::string quote_cell(std::string_view cell) { return fmt::format("\"{}\"", cell.substr(0, 80)); }

std::optional<date::sys_days> read_day_cell(const std::string& cell, const std::string& where, bool required) {
  if (cell.empty() || cell == "-") {
    if (required) throw InputError(where, "the availability date is missing");
    return std::nullopt;
  }
  const auto day = parse_date(cell);
  if (!day)
    throw InputError(where, fmt::format("expected an availability date YYYY-MM-DD, found {}", quote_cell(cell)));
  return date::sys_days{*day};
}

std::optional<Build> read_build_cell(const std::string& cell, Product product, const std::string& where) {
  if (cell.empty() || cell == "-") return std::nullopt;
  const auto build = Build::parse(cell);
  if (!build || build->major != product_build_major(product))
    throw InputError(where, fmt::format("expected a build such as {}.1234, found {}", product_build_major(product),
                                        quote_cell(cell)));
  return build;
}

std::optional<Kb> read_kb_cell(const std::string& cell, const std::string& where, bool required) {
  if (cell.empty() || cell == "-") {
    if (required) throw InputError(where, "the KB article is missing");
    return std::nullopt;
  }
  auto kb = Kb::parse(cell);
  if (!kb && !cell.empty() && std::isdigit(static_cast<unsigned char>(cell.front())) != 0) kb = Kb::parse("KB" + cell);
  if (!kb) throw InputError(where, fmt::format("expected a KB article such as KB5066835, found {}", quote_cell(cell)));
  return kb;
}

void read_calendar_table(const Table& table, int year, ProductFacts& facts, const std::string& where) {
  const Columns cols(table.rows.front(), {"Month", "Update type", "Type", "Availability date", "Build", "KB article"},
                     where);
  for (std::size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row_is_empty(row)) continue;
    const std::string at = fmt::format("{}, row {}", where, r);
    const auto& month_cell = cols.cell(row, 0, at);
    date::year_month ym{date::year{year}, date::January};
    if (const auto name = parse_month_name(month_cell)) {
      ym = date::year{year} / *name;
    } else if (const auto parsed = parse_year_month(month_cell); parsed && parsed->year() == date::year{year}) {
      ym = *parsed;
    } else {
      throw InputError(at,
                       fmt::format("expected a month of {} such as January, found {}", year, quote_cell(month_cell)));
    }
    PageMonth pm;
    const auto& type = cols.cell(row, 2, at);
    if (istarts_with(type, "baseline")) {
      // The footnote mark on the update type: a month initially planned as a hotpatch.
      pm.kind = cols.cell(row, 1, at).find('*') != std::string::npos || type.find('*') != std::string::npos
                    ? MonthKind::unplanned_baseline
                    : MonthKind::baseline;
    } else if (istarts_with(type, "hotpatch")) {
      pm.kind = MonthKind::hotpatch;
    } else {
      throw InputError(at, fmt::format("expected the type Baseline (Restart) or Hotpatch, found {}", quote_cell(type)));
    }
    pm.day = read_day_cell(cols.cell(row, 3, at), at, false);
    if (pm.day && date::year_month_day{*pm.day}.year() / date::year_month_day{*pm.day}.month() != ym)
      throw InputError(
          at, fmt::format("the availability date {} is not in {}", format_date(*pm.day), format_year_month(ym)));
    pm.build = read_build_cell(cols.cell(row, 4, at), facts.product, at);
    pm.kb = read_kb_cell(cols.cell(row, 5, at), at, false);
    if (!facts.months.emplace(ym, pm).second)
      throw InputError(at, fmt::format("{} is listed twice", format_year_month(ym)));
  }
}

void read_history_table(const Table& table, ProductFacts& facts, const std::string& where) {
  const Columns cols(table.rows.front(),
                     {"Servicing option", "Update type", "Availability date", "Build", "KB article"}, where);
  for (std::size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row_is_empty(row)) continue;
    const std::string at = fmt::format("{}, row {}", where, r);
    // "2026-05 B" (the month's regular update) or "2026-04 OOB"; other kinds are not hotpatch data.
    const std::string type = normalize_space(cols.cell(row, 1, at));
    const auto space = type.find(' ');
    const auto ym = parse_year_month(std::string_view(type).substr(0, space));
    if (!ym || space == std::string::npos)
      throw InputError(at, fmt::format("expected an update type such as \"2026-05 B\" or \"2026-04 OOB\", found {}",
                                       quote_cell(type)));
    const std::string release = to_lower(std::string_view(type).substr(space + 1));
    const bool monthly = release == "b";
    const bool oob = release == "oob";
    if (!monthly && !oob) continue;
    const PageRelease rel{*read_day_cell(cols.cell(row, 2, at), at, true),
                          read_build_cell(cols.cell(row, 3, at), facts.product, at),
                          *read_kb_cell(cols.cell(row, 4, at), at, true)};
    if (monthly) {
      const auto [it, inserted] = facts.monthly.emplace(*ym, rel);
      if (!inserted && it->second.kb != rel.kb)
        throw InputError(at, fmt::format("two regular updates for {}: {} and {}", format_year_month(*ym),
                                         it->second.kb.str(), rel.kb.str()));
    } else {
      if (facts.out_of_band_kbs.insert(rel.kb).second) facts.out_of_band.push_back(rel);
    }
  }
}

std::string kb_reference(const Kb& kb) { return fmt::format("https://support.microsoft.com/help/{}", kb.number()); }

Json month_json(date::year_month ym, const PageMonth& pm, const ProductFacts& facts) {
  Json m = Json::object();
  m["month"] = format_year_month(ym);
  m["kind"] = month_kind_id(pm.kind);
  m["status"] = "published";
  if (pm.day) m["date"] = format_date(*pm.day);
  if (pm.kb) m["kb"] = pm.kb->str();
  if (pm.build) m["build"] = pm.build->str();
  m["reference"] = pm.kb ? kb_reference(*pm.kb) : std::string(kReleaseInfoPageUrl);
  const auto b = facts.monthly.find(ym);
  if (pm.kind == MonthKind::hotpatch && b != facts.monthly.end() && b->second.kb != pm.kb) {
    Json lcu{{"kb", b->second.kb.str()}};
    if (b->second.build) lcu["build"] = b->second.build->str();
    lcu["reference"] = kb_reference(b->second.kb);
    m["lcu"] = std::move(lcu);
  }
  if (pm.kind == MonthKind::unplanned_baseline) m["note"] = "initially planned as a hotpatch (footnote on the page)";
  return m;
}

Json product_json(const ProductFacts& facts, std::string_view page_name) {
  Json p = Json::object();
  p["product"] = product_id(facts.product);
  p["source"] = fmt::format("Windows Server release information ({}), imported from {}", kReleaseInfoPageUrl,
                            page_name.substr(0, 512));
  Json months = Json::array();
  for (const auto& [ym, pm] : facts.months) months.push_back(month_json(ym, pm, facts));
  p["months"] = std::move(months);
  auto oobs = facts.out_of_band;
  std::stable_sort(oobs.begin(), oobs.end(), [](const PageRelease& a, const PageRelease& b) { return a.day < b.day; });
  Json oob_list = Json::array();
  for (const auto& o : oobs) {
    Json entry{{"date", format_date(o.day)}, {"kb", o.kb.str()}};
    if (o.build) entry["build"] = o.build->str();
    entry["status"] = "published";
    entry["reference"] = kb_reference(o.kb);
    oob_list.push_back(std::move(entry));
  }
  p["out_of_band"] = std::move(oob_list);
  return p;
}

// Errors of the data built from (or merged with) the page name the page.
template <typename F>
auto about(const std::string& where, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const LimitError& e) {
    throw LimitError(where, e.what());
  } catch (const InputError& e) {
    throw InputError(where, e.what());
  }
}

}  // namespace

ImportedPage parse_release_page(std::string_view page_text, std::string_view page_name) {
  const std::string page(page_name);
  if (page_text.size() > limits::kMaxPageBytes)
    throw LimitError(
        page, fmt::format("the page is {} bytes; the limit is {} bytes", page_text.size(), limits::kMaxPageBytes));
  std::vector<ProductFacts> products;
  ProductFacts* current = nullptr;          // null outside a supported product's section
  int section_level = 0;                    // of the current product heading; 0 outside one
  std::optional<std::pair<int, int>> year;  // calendar year and its heading level
  const auto read = [&](Block&& block) {
    if (const auto* h = std::get_if<Heading>(&block)) {
      if (const auto ph = product_heading(h->text)) {
        section_level = h->level;
        year.reset();
        current = nullptr;
        if (!ph->product) return;
        auto it = std::find_if(products.begin(), products.end(),
                               [&](const ProductFacts& f) { return f.product == *ph->product; });
        if (it == products.end()) {
          products.push_back(ProductFacts{*ph->product, ph->label, {}, {}, {}, {}, 0});
          it = std::prev(products.end());
        }
        current = &*it;
      } else if (const auto y = calendar_year_heading(h->text); y && current != nullptr) {
        year = std::pair{*y, h->level};
      } else {
        if (section_level > 0 && h->level <= section_level) {
          current = nullptr;
          section_level = 0;
        }
        if (year && h->level <= year->second) year.reset();
      }
      return;
    }
    const auto& table = std::get<Table>(block);
    if (current == nullptr || table.rows.empty()) return;
    const auto& header = table.rows.front();
    const bool history = std::any_of(header.begin(), header.end(),
                                     [](const std::string& h) { return to_lower(h) == "servicing option"; });
    if (history) {
      read_history_table(table, *current, fmt::format("{}: {}, release history", page, current->label));
      ++current->tables;
    } else if (year) {
      read_calendar_table(table, year->first, *current,
                          fmt::format("{}: {}, Calendar year {}", page, current->label, year->first));
      ++current->tables;
    }
  };
  try {
    if (looks_like_html(page_text)) {
      HtmlScanner(page_text, read).scan();
    } else {
      scan_markdown(page_text, read);
    }
  } catch (const LimitError& e) {
    if (!e.path().empty()) throw;
    throw LimitError(page, e.message());  // the scanners' limits do not know the page's name
  }

  if (products.empty())
    throw InputError(page,
                     "found no \"Windows Server 2025 (OS build 26100)\" or \"Windows Server 2022 (OS build 20348)\" "
                     "section: is this the Windows Server release information page?");
  ImportedPage out{page, {}};
  for (const auto& facts : products) {
    const std::string where = fmt::format("{}: {}", page, facts.label);
    if (facts.months.empty())
      throw InputError(where, "found no \"Calendar year\" table with hotpatch months under this heading");
    auto json = product_json(facts, page);
    about(where, [&] { return calendar_from_json(json); });
    out.calendars.push_back(std::move(json));
  }
  return out;
}

std::string read_release_page(const std::string& path) {
  std::string text;
  if (path == "-") {
    std::array<char, 65536> buffer{};
    while (std::cin.read(buffer.data(), buffer.size()) || std::cin.gcount() > 0) {
      text.append(buffer.data(), static_cast<std::size_t>(std::cin.gcount()));
      if (text.size() > limits::kMaxPageBytes)
        throw LimitError("standard input",
                         fmt::format("the page is over the limit of {} bytes", limits::kMaxPageBytes));
    }
    return text;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("", fmt::format("cannot read {}", path));
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) throw InputError("", fmt::format("cannot read {}", path));
  if (static_cast<std::size_t>(size) > limits::kMaxPageBytes)
    throw LimitError(path, fmt::format("the page is {} bytes; the limit is {} bytes", static_cast<long long>(size),
                                       limits::kMaxPageBytes));
  in.seekg(0);
  text.resize(static_cast<std::size_t>(size));
  in.read(text.data(), size);
  return text;
}

// ---------------------------------------------------------------- merge

namespace {

std::string str_or(const Json& object, const char* key, std::string fallback = {}) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// A month's update as the data gives it: KB, build, status, reference.
struct UpdateFacts {
  std::string kb;
  std::string build;
  std::string status;
  std::string reference;
};

// The month's hotpatch or baseline, and its regular update (the baseline itself
// in a baseline month), from a month entry.
std::optional<UpdateFacts> offer_of(const Json& m) {
  if (!m.contains("kb") && !m.contains("build")) return std::nullopt;
  return UpdateFacts{str_or(m, "kb"), str_or(m, "build"), str_or(m, "kb_status", str_or(m, "status", "published")),
                     str_or(m, "reference")};
}
std::optional<UpdateFacts> regular_of(const Json& m) {
  const auto kind = str_or(m, "kind");
  if (!kind.empty() && kind != "hotpatch") return offer_of(m);
  if (!m.contains("lcu")) return std::nullopt;
  const auto& lcu = m["lcu"];
  return UpdateFacts{str_or(lcu, "kb"), str_or(lcu, "build"),
                     str_or(lcu, "status", kind.empty() ? "published" : str_or(m, "status", "published")),
                     str_or(lcu, "reference")};
}

void set_offer(Json& m, const UpdateFacts& u) {
  if (!u.kb.empty()) m["kb"] = u.kb;
  if (!u.build.empty()) m["build"] = u.build;
  if (u.status != str_or(m, "status")) m["kb_status"] = u.status;
  if (!u.reference.empty()) m["reference"] = u.reference;
}
Json lcu_json(const UpdateFacts& u) {
  Json lcu = Json::object();
  if (!u.kb.empty()) lcu["kb"] = u.kb;
  if (!u.build.empty()) lcu["build"] = u.build;
  if (u.status != "published") lcu["status"] = u.status;
  if (!u.reference.empty()) lcu["reference"] = u.reference;
  return lcu;
}

// Fields in the documented order.
Json ordered(const Json& entry, std::initializer_list<const char*> keys) {
  Json out = Json::object();
  for (const char* key : keys) {
    if (entry.contains(key)) out[key] = entry[key];
  }
  return out;
}
Json ordered_month(const Json& m) {
  return ordered(m, {"month", "kind", "status", "date", "kb", "build", "kb_status", "reference", "lcu", "note"});
}
Json ordered_oob(const Json& o) {
  return ordered(o, {"date", "kb", "build", "keeps_chain", "status", "reference", "note"});
}

std::string describe_kb(const Json& m) {
  if (!m.contains("kb")) return "no KB yet";
  return m.contains("build") ? fmt::format("{} (build {})", str_or(m, "kb"), str_or(m, "build")) : str_or(m, "kb");
}

class ChangeLog {
 public:
  ChangeLog(Product product, std::vector<CalendarChange>& out) : product_(product), out_(out) {}
  void add(ChangeKind kind, std::string subject, std::string text) {
    out_.push_back({product_, kind, std::move(subject), std::move(text)});
  }

 private:
  Product product_;
  std::vector<CalendarChange>& out_;
};

Json merge_month(const Json& cur, const Json& page, ChangeLog& log) {
  const std::string month = str_or(page, "month");
  const std::string cur_kind = str_or(cur, "kind");
  const std::string kind = str_or(page, "kind");
  const bool page_baseline = kind != "hotpatch";
  Json m = page;
  if (cur_kind.empty()) {
    log.add(ChangeKind::new_month, month, fmt::format("{}: new month: {}, {}", month, kind, describe_kb(page)));
  } else if (cur_kind != kind) {
    log.add(
        ChangeKind::kind_changed, month,
        fmt::format("{}: {}{} became {}{}", month, cur_kind, str_or(cur, "status") == "reported" ? " (reported)" : "",
                    kind, kind == "unplanned-baseline" ? " (initially planned as a hotpatch)" : ""));
  } else if (str_or(cur, "status") == "reported") {
    log.add(ChangeKind::now_published, month, fmt::format("{}: {} now published (was reported)", month, kind));
  }

  const auto cur_offer = offer_of(cur);
  const auto cur_regular = regular_of(cur);
  // The current hotpatch KB only fits a hotpatch month; the current regular
  // update is the baseline of a baseline month and the lcu of a hotpatch month.
  const std::optional<UpdateFacts> cur_hotpatch = cur_kind == "hotpatch" ? cur_offer : std::nullopt;
  const auto& carried = page_baseline ? cur_regular : cur_hotpatch;
  bool kept = false;      // the month's offer (KB, build) comes from the current data
  bool kept_lcu = false;  // its regular update does
  if (page.contains("kb")) {
    const std::string kb = str_or(page, "kb");
    if (!cur_offer || cur_offer->kb.empty()) {
      log.add(ChangeKind::kb_added, month, fmt::format("{}: {} added", month, describe_kb(page)));
    } else if (cur_offer->kb != kb) {
      log.add(ChangeKind::kb_changed, month, fmt::format("{}: {} replaces {}", month, kb, cur_offer->kb));
    } else if (cur_offer->status == "reported") {
      log.add(ChangeKind::now_published, month, fmt::format("{}: {} now published (was reported)", month, kb));
    }
  } else if (carried && !carried->kb.empty()) {
    set_offer(m, *carried);
    kept = true;
  }
  if (cur_hotpatch && !cur_hotpatch->kb.empty() && page_baseline)
    log.add(ChangeKind::kb_dropped, month,
            fmt::format("{}: hotpatch {} dropped: the month is now a {}", month, cur_hotpatch->kb, kind));
  if (!page_baseline && !m.contains("lcu") && cur_regular && !cur_regular->kb.empty() &&
      cur_regular->kb != str_or(m, "kb")) {
    m["lcu"] = lcu_json(*cur_regular);
    kept_lcu = true;
  }
  if (!m.contains("date") && cur.contains("date")) m["date"] = cur["date"];
  // The current note still holds when the page adds nothing to the month, or
  // the current KB is kept; a kept KB of another kind says where it came from.
  std::string note = str_or(page, "note");
  std::string cur_note;
  if (cur_kind == kind && (kept || kept_lcu || !page.contains("kb"))) {
    cur_note = str_or(cur, "note");
  } else if (kept || kept_lcu) {
    cur_note = kept ? "KB and build kept from the earlier data" : "regular update kept from the earlier data";
  }
  if (!cur_note.empty() && cur_note != note) note += (note.empty() ? "" : "; ") + cur_note;
  if (note.size() > limits::kMaxStringLength) note = cur_note;  // the written file must load again
  if (!note.empty()) m["note"] = note;
  return ordered_month(m);
}

}  // namespace

Json merge_page_calendar(const Json& current, const Json& page, std::vector<CalendarChange>& changes) {
  const auto product = parse_product(str_or(page, "product"));
  if (!product) throw InputError("/product", "unknown product");
  ChangeLog log(*product, changes);
  Json out = Json::object();
  for (const auto& [key, value] : current.items()) {
    if (key != "months" && key != "out_of_band") out[key] = value;
  }
  out["product"] = page["product"];
  if (page.contains("source")) out["source"] = page["source"];

  std::map<std::string, Json> months;
  if (current.contains("months")) {
    for (const auto& m : current["months"]) months[str_or(m, "month")] = m;
  }
  for (const auto& pm : page["months"]) {
    const auto month = str_or(pm, "month");
    const auto it = months.find(month);
    months[month] = merge_month(it == months.end() ? Json::object() : it->second, pm, log);
  }
  Json month_list = Json::array();
  for (auto& [key, m] : months) month_list.push_back(std::move(m));
  out["months"] = std::move(month_list);

  std::map<std::string, Json> oobs;
  if (current.contains("out_of_band")) {
    for (const auto& o : current["out_of_band"]) oobs[str_or(o, "kb")] = o;
  }
  for (const auto& po : page["out_of_band"]) {
    const auto kb = str_or(po, "kb");
    const auto it = oobs.find(kb);
    Json o = po;
    if (it == oobs.end()) {
      log.add(ChangeKind::new_out_of_band, kb,
              fmt::format("{}: new out-of-band release of {}{}", kb, str_or(po, "date"),
                          po.contains("build") ? fmt::format(" (build {})", str_or(po, "build")) : ""));
    } else {
      const auto& co = it->second;
      if (co.contains("keeps_chain")) o["keeps_chain"] = co["keeps_chain"];
      if (co.contains("note")) o["note"] = co["note"];
      if (str_or(co, "status") == "reported")
        log.add(ChangeKind::now_published, kb, fmt::format("{}: out-of-band release now published (was reported)", kb));
    }
    oobs[kb] = ordered_oob(o);
  }
  std::vector<Json> oob_list;
  for (auto& [kb, o] : oobs) oob_list.push_back(std::move(o));
  std::stable_sort(oob_list.begin(), oob_list.end(),
                   [](const Json& a, const Json& b) { return str_or(a, "date") < str_or(b, "date"); });
  for (const auto& o : oob_list) {
    if (!o.contains("keeps_chain"))
      log.add(ChangeKind::chain_unknown, str_or(o, "kb"),
              fmt::format("{}: hotpatch-chain compatibility unknown (treated as leaving the chain); set "
                          "\"keeps_chain\" in the written file once known",
                          str_or(o, "kb")));
  }
  out["out_of_band"] = Json(oob_list);
  return ordered(out, {"product", "description", "source", "first_month", "hotpatch_end", "months", "out_of_band"});
}

ImportResult import_release_page(const ImportedPage& page, std::span<const CalendarLayer> layers) {
  ImportResult result;
  for (const auto& calendar : page.calendars) {
    const auto product = parse_product(str_or(calendar, "product"));
    if (!product) throw InputError(page.name, "page data without a product");
    const auto current = layered_calendar_json(*product, layers);
    auto merged = merge_page_calendar(current, calendar, result.changes);
    about(fmt::format("{}: {} data merged with the current data", page.name, product_id(*product)),
          [&] { return calendar_from_json(merged); });
    result.calendars.push_back(std::move(merged));
  }
  return result;
}

Json changes_to_json(const std::vector<CalendarChange>& changes) {
  Json out = Json::array();
  for (const auto& c : changes) {
    out.push_back(Json{{"product", product_id(c.product)},
                       {"change", change_kind_id(c.kind)},
                       {"subject", c.subject},
                       {"text", c.text}});
  }
  return out;
}

}  // namespace hotplan
