// Numbers in words or digits, for casualty counts. Vague quantities take the smallest reading
// the word allows (docs/coder.md): "several" = 3, "dozens" = 24, "hundreds" = 200.
#include <array>
#include <cctype>
#include <string>

#include "events/text_util.h"
#include "tacitus/events.h"

namespace tacitus {

namespace {

std::optional<int> small_number(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kUnits = {
      "zero",    "one",     "two",       "three",    "four",     "five",    "six",
      "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
      "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen"};
  static constexpr std::array<std::string_view, 8> kTens = {"twenty", "thirty", "forty", "fifty",
                                                            "sixty",  "seventy", "eighty", "ninety"};
  for (size_t i = 0; i < kUnits.size(); ++i)
    if (w == kUnits[i]) return static_cast<int>(i);
  for (size_t i = 0; i < kTens.size(); ++i) {
    if (w == kTens[i]) return static_cast<int>(20 + 10 * i);
    // "twenty-one"
    if (w.size() > kTens[i].size() + 1 && w.starts_with(kTens[i]) && w[kTens[i].size()] == '-') {
      auto u = small_number(w.substr(kTens[i].size() + 1));
      if (u && *u > 0 && *u < 10) return static_cast<int>(20 + 10 * i) + *u;
    }
  }
  return std::nullopt;
}

std::optional<int> digits(std::string_view w) {
  if (w.empty() || !std::isdigit(static_cast<unsigned char>(w[0]))) return std::nullopt;
  long long v = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c == ',' && i + 3 < w.size() + 1 && i > 0) continue;  // thousands separator
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + (c - '0');
    if (v > 100000000) return std::nullopt;
  }
  return static_cast<int>(v);
}

std::optional<int> vague(std::string_view w) {
  if (w == "several" || w == "few") return 3;
  if (w == "dozens") return 24;
  if (w == "scores") return 40;
  if (w == "hundreds") return 200;
  if (w == "thousands") return 2000;
  return std::nullopt;
}

}  // namespace

std::optional<int> parse_count(const Document& doc, uint32_t i, uint32_t end, uint32_t* consumed) {
  using events_internal::normalize_word;
  if (i >= end || i >= doc.tokens.size()) return std::nullopt;
  auto word = [&](uint32_t k) { return k < end ? normalize_word(doc.token_text(k)) : std::string(); };
  uint32_t k = i;
  std::string w = word(k);
  // "a dozen", "a few", "a hundred"
  std::optional<int> value;
  if ((w == "a" || w == "an") && k + 1 < end) {
    std::string n = word(k + 1);
    if (n == "dozen") value = 12, k += 2;
    else if (n == "few") value = 3, k += 2;
    else if (n == "hundred") value = 100, k += 2;
    else if (n == "thousand") value = 1000, k += 2;
    else return std::nullopt;
  } else if (auto d = digits(w)) {
    value = *d, ++k;
    // "1,200" may arrive as "1" "," "200" from some tokenizers.
    while (k + 1 < end && word(k) == "," && word(k + 1).size() == 3 && digits(word(k + 1)) &&
           !doc.tokens[k - 1].space_after) {
      value = *value * 1000 + *digits(word(k + 1));
      k += 2;
    }
  } else if (auto s = small_number(w)) {
    value = *s, ++k;
  } else if (auto v = vague(w)) {
    value = *v, ++k;
    if (k < end && word(k) == "of") ++k;  // "dozens of people"
  } else if (w == "dozen") {
    value = 12, ++k;
  } else {
    return std::nullopt;
  }
  // Multipliers: "two dozen", "three hundred", "5 thousand".
  while (k < end) {
    std::string m = word(k);
    if (m == "dozen") *value *= 12;
    else if (m == "hundred") *value *= 100;
    else if (m == "thousand") *value *= 1000;
    else if (m == "million") *value *= 1000000;
    else break;
    ++k;
  }
  if (consumed) *consumed = k - i;
  return value;
}

}  // namespace tacitus
