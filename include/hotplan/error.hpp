#pragma once
// The one error type for bad input: it knows where (a JSON pointer, or an
// argument name such as "--from") and what was expected.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace hotplan {

// `text` with every byte that is not part of a valid UTF-8 sequence written as
// \xHH, so messages that echo input stay valid UTF-8 for logs and terminals.
std::string valid_utf8(std::string_view text);

class InputError : public std::runtime_error {
 public:
  // Path and message may echo hostile input: both are made valid UTF-8 here,
  // once for every error.
  InputError(const std::string& path, const std::string& message)
      : InputError(Parts{valid_utf8(path), valid_utf8(message)}) {}

  // Where the problem is: a JSON pointer such as "/machines/3/build", or a
  // command-line option; empty when the whole input is at fault.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // What is wrong, without the path.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  struct Parts {
    std::string path;
    std::string message;
  };
  explicit InputError(Parts parts)
      : std::runtime_error(parts.path.empty() ? parts.message : parts.path + ": " + parts.message),
        path_(std::move(parts.path)),
        message_(std::move(parts.message)) {}

  std::string path_;
  std::string message_;
};

// Input that is well formed but larger than hotplan accepts (see limits.hpp).
class LimitError : public InputError {
 public:
  using InputError::InputError;
};

}  // namespace hotplan
