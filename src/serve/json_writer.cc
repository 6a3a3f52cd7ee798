#include "serve/json_writer.h"

#include <charconv>
#include <cmath>

#include "tacitus/output.h"

namespace tacitus::serve {

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_ += '{';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_ += '[';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  escaped(name);
  out_ += ':';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  escaped(s);
  need_comma_ = true;
  return *this;
}

template <class Number>
JsonWriter& JsonWriter::number(Number n) {
  separate();
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, n);  // doubles: the shortest exact form
  out_.append(buf, r.ptr);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(int64_t n) { return number(n); }
JsonWriter& JsonWriter::value(uint64_t n) { return number(n); }
JsonWriter& JsonWriter::value(double d) { return std::isfinite(d) ? number(d) : null(); }

JsonWriter& JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  need_comma_ = true;
  return *this;
}

void JsonWriter::escaped(std::string_view s) { append_json_string(out_, s); }

}  // namespace tacitus::serve
