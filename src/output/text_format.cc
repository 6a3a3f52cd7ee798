#include "output/text_format.h"

#include <charconv>
#include <cmath>

#include "tacitus/output.h"

namespace tacitus {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid, as RFC 3629 says).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return n;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    // A run of printable ASCII that needs no escape is copied at once.
    size_t run = i;
    while (run < s.size()) {
      const auto b = static_cast<unsigned char>(s[run]);
      if (b < 0x20 || b >= 0x7F || b == '"' || b == '\\') break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    if (run == s.size()) break;
    i = run;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        out += kReplacement;
        ++i;
        continue;
      }
      // U+2028/U+2029 are valid JSON but end lines in JavaScript; escape them for safe embedding.
      if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
          (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
        out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      } else {
        out.append(s.substr(i, n));
      }
      i += n;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.push_back('"');
}

namespace {

// `s` with invalid UTF-8 replaced by U+FFFD; the common valid case is returned unchanged.
std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace

void append_csv_field(std::string& out, std::string_view raw) {
  std::string s = valid_utf8(raw);
  bool quote = !s.empty() && (s.front() == ' ' || s.back() == ' ');
  for (char c : s)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') quote = true;
  if (!quote) {
    out += s;
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_tsv_field(std::string& out, std::string_view raw) {
  std::string s = valid_utf8(raw);
  for (char c : s) out.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

namespace output_internal {

void append_number(std::string& out, double v, int decimals, bool json_float,
                   std::string_view null_text) {
  if (!std::isfinite(v)) {
    out += null_text;
    return;
  }
  double scale = std::pow(10.0, decimals);
  double rounded = std::round(v * scale) / scale;
  if (rounded == 0) rounded = 0;  // no "-0"
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded);
  if (ec != std::errc()) {
    out += null_text;
    return;
  }
  std::string_view text(buf, static_cast<size_t>(end - buf));
  out += text;
  if (json_float && text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

void append_int(std::string& out, long long v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(end - buf));
}

std::optional<DateParts> parse_iso_date(std::string_view text) {
  auto digits = [&](size_t pos, size_t n, int& value) {
    if (pos + n > text.size()) return false;
    value = 0;
    for (size_t k = pos; k < pos + n; ++k) {
      if (text[k] < '0' || text[k] > '9') return false;
      value = value * 10 + (text[k] - '0');
    }
    return true;
  };
  DateParts d;
  if (!digits(0, 4, d.year)) return std::nullopt;
  size_t end = 4;
  if (text.size() > 4 && text[4] == '-') {
    if (!digits(5, 2, d.month) || d.month < 1 || d.month > 12) return std::nullopt;
    end = 7;
    if (text.size() > 7 && text[7] == '-') {
      if (!digits(8, 2, d.day) || d.day < 1 || d.day > 31) return std::nullopt;
      end = 10;
    }
  }
  if (end < text.size() && text[end] != 'T' && text[end] != ' ') return std::nullopt;
  return d;
}

}  // namespace output_internal
}  // namespace tacitus
