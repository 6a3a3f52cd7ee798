// Status and Result<T>: how errors cross every boundary of the library (no exception escapes it).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace tacitus {

// A Status says whether an operation worked; when it did not, the message names the input and the
// position (file, line, byte offset) so a user can find the problem.
class Status {
 public:
  enum class Code : uint8_t {
    kOk = 0,
    kInvalidInput,  // the caller's data is malformed (bad JSON, bad UTF-8, missing field)
    kNotFound,      // a file, key or resource does not exist
    kIOError,       // the operating system refused a read or write
    kCorrupt,       // a binary file has a wrong magic, version, component or checksum, or is truncated
    kUnsupported,   // a valid request this build cannot serve
    kInternal,      // a bug: an invariant did not hold
  };

  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) { return Status(Code::kInvalidInput, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corrupt(std::string msg) { return Status(Code::kCorrupt, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid input: <message>" etc.; "OK" when ok().
  std::string ToString() const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or a non-OK Status. Accessing value() of an error Result is a bug (checked in
// debug builds).
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}     // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace tacitus

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define TACITUS_RETURN_IF_ERROR(expr)            \
  do {                                           \
    ::tacitus::Status tacitus_status_ = (expr);  \
    if (!tacitus_status_.ok()) return tacitus_status_; \
  } while (0)
