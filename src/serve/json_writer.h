// A streaming JSON writer that appends straight into a string.
//
// The API's responses are built with it rather than as nlohmann::json trees: a search answer of
// 200 events is ~6,000 values, and building then dumping the tree (one allocation per value and
// per key) took most of the server's CPU. Output is compact RFC 8259 JSON; strings are escaped by
// append_json_string (tacitus/output.h, as the event writers do): bytes that are not valid UTF-8
// become U+FFFD, so any stored text gives a valid document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tacitus::serve {

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The name of the next member; must be followed by exactly one value or container.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t n);
  JsonWriter& value(uint64_t n);
  JsonWriter& value(int n) { return value(int64_t(n)); }
  JsonWriter& value(uint32_t n) { return value(uint64_t(n)); }
  // Shortest text that reads back to the same double; NaN and infinities are written as null.
  JsonWriter& value(double d);
  JsonWriter& value(bool b);
  JsonWriter& null();
  template <class T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  // A string, or null when it is empty.
  JsonWriter& nonempty_or_null(std::string_view s) { return s.empty() ? null() : value(s); }

  // key(name).value(v) in one call.
  template <class T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  void separate() {
    if (need_comma_) out_ += ',';
  }
  void escaped(std::string_view s);
  template <class Number>
  JsonWriter& number(Number n);

  std::string& out_;
  bool need_comma_ = false;  // a value was written at this level and another may follow
};

}  // namespace tacitus::serve
