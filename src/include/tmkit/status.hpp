// Errors as values: Status (a code and a message) and Result<T> (a value or a Status).
//
// tmkit's libraries throw nothing across their API (std::bad_alloc excepted) and never exit.
// Messages read "what: why (where)", e.g. "tmx: <tu> has no <tuv> for 'zh' (a.tmx, line 12)".
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace tmkit {

enum class StatusCode {
  kOk,
  kInvalidInput,  // the input is malformed or violates a documented limit
  kIo,            // a file could not be read or written
  kStorage,       // the translation memory (LMDB) reported an error
  kUnsupported,   // a valid input that tmkit does not handle (yet)
  kInternal,      // a broken invariant: a bug in tmkit
};

// The name of a code, e.g. "invalid input".
const char* status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status invalid_input(std::string message) {
    return {StatusCode::kInvalidInput, std::move(message)};
  }
  static Status io(std::string message) { return {StatusCode::kIo, std::move(message)}; }
  static Status storage(std::string message) { return {StatusCode::kStorage, std::move(message)}; }
  static Status unsupported(std::string message) {
    return {StatusCode::kUnsupported, std::move(message)};
  }
  static Status internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // A copy whose message is "prefix: message", for adding context on the way up.
  Status with_context(const std::string& prefix) const {
    return ok() ? *this : Status(code_, prefix + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a T or a failed Status. Accessing value() of a failed Result is a programming error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
  Result(Status status) : data_(std::move(status)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  // The error; an OK Status when the Result holds a value.
  Status status() const { return ok() ? Status() : std::get<Status>(data_); }

  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace tmkit

#define TMKIT_CONCAT_INNER_(a, b) a##b
#define TMKIT_CONCAT_(a, b) TMKIT_CONCAT_INNER_(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define TMKIT_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::tmkit::Status tmkit_status_ = (expr);        \
    if (!tmkit_status_.ok()) return tmkit_status_; \
  } while (false)

// `TMKIT_ASSIGN_OR_RETURN(auto x, f());` declares x from f()'s value or returns its Status.
#define TMKIT_ASSIGN_OR_RETURN(lhs, expr) \
  TMKIT_ASSIGN_OR_RETURN_IMPL_(TMKIT_CONCAT_(tmkit_result_, __LINE__), lhs, expr)
#define TMKIT_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                 \
  if (!result.ok()) return result.status();             \
  lhs = std::move(result).value()
