// Boilerplate lines: calls to action, widget labels, cookie and copyright notices. The rules look
// at the shape of a line (an imperative promo verb at its start together with a promo object, a
// lone widget label, a short line of links) rather than at any one site's wording, and they never
// fire on a line that merely mentions such a word inside a news sentence.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "tacitus/ingest.h"

namespace tacitus {

namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  // U+00A0 no-break spaces at either end (common in HTML-derived text).
  while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
  return s;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> w;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !is_ascii_space(s[j])) ++j;
    if (j > i) w.push_back(s.substr(i, j - i));
    i = j;
  }
  return w;
}

// A word with its surrounding punctuation removed ("“Subscribe!”" -> "Subscribe").
std::string_view strip_punct(std::string_view w) {
  auto is_word_char = [](unsigned char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true : (c >= '0' && c <= '9') || c >= 0x80 || c == '@' || c == '#';
  };
  while (!w.empty() && !is_word_char(static_cast<unsigned char>(w.front()))) w.remove_prefix(1);
  while (!w.empty() && !is_word_char(static_cast<unsigned char>(w.back()))) w.remove_suffix(1);
  // Trailing curly quotes and similar multi-byte punctuation.
  while (w.size() >= 3 && static_cast<unsigned char>(w[w.size() - 3]) == 0xE2) w.remove_suffix(3);
  return w;
}

// A URL, an @handle or a bare domain such as "21WIRE.TV" or "example.com".
bool is_link_word(std::string_view w) {
  w = strip_punct(w);
  if (w.empty()) return false;
  const std::string l = ascii_lower(w);
  if (l.rfind("http://", 0) == 0 || l.rfind("https://", 0) == 0 || l.rfind("www.", 0) == 0) return true;
  if (l.size() > 1 && l[0] == '@') return true;
  const size_t dot = l.rfind('.');
  if (dot == std::string::npos || dot < 3 || l.size() - dot - 1 < 2 || l.size() - dot - 1 > 6) return false;
  for (size_t i = dot + 1; i < l.size(); ++i)
    if (l[i] < 'a' || l[i] > 'z') return false;
  // "U.S" or "a.m" are not domains: the part before the dot must be a word, not an initial.
  return l.find('.') == dot || l.find('@') != std::string::npos;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

template <size_t N>
bool contains_any(std::string_view hay, const std::array<std::string_view, N>& needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return contains(hay, n); });
}

// Lines that are nothing but the label of a page widget.
constexpr std::array<std::string_view, 44> kWidgetLabels = {
    "advertisement", "advertisements", "sponsored", "sponsored content", "paid content", "related",
    "related articles", "related stories", "related posts", "related content", "related news",
    "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "tweet", "print", "email", "e-mail", "comments", "leave a comment",
    "skip to content", "skip to main content", "menu", "close", "loading", "read more",
    "continue reading", "show more", "view comments", "subscribe", "sign up", "log in", "sign in",
    "back to top", "next article", "previous article", "trending", "most popular", "recommended",
    "more stories", "top stories"};

// Verbs that open a call to action.
constexpr std::array<std::string_view, 22> kPromoVerbs = {
    "read", "subscribe", "support", "follow", "share", "donate", "sign", "join", "click", "tap",
    "download", "watch", "listen", "become", "get", "like", "register", "stay", "visit", "check",
    "contribute", "please"};

// What a call to action asks for; checked in the lower-cased line padded with spaces.
constexpr std::array<std::string_view, 36> kPromoObjects = {
    " our ", " us ", " us!", " us.", "us on ", "newsletter", "click here", " here.", " here!",
    " here ", "for free", "this article", "this story", "this post", "updates", "podcast",
    "channel", " app", "member", "facebook", "twitter", "instagram", "telegram", "youtube",
    "whatsapp", "tiktok", "tuned", "read more", "more news", "more stories", "for more",
    "full story", "full article", "sign up", "subscribe", "donate"};

// Prefixes of metadata lines (tags, captions, credits).
constexpr std::array<std::string_view, 16> kMetaPrefixes = {
    "related:", "see also:", "also read:", "read also:", "recommended:", "tags:", "topics:",
    "categories:", "filed under:", "posted in:", "photo:", "image:", "picture:", "credit:",
    "image credit:", "photo credit:"};

}  // namespace

bool is_boilerplate_line(std::string_view raw) {
  const std::string_view line = trim(raw);
  if (line.empty()) return false;
  const auto words = words_of(line);
  const size_t n = words.size();
  const std::string lower = ascii_lower(line);

  // A lone widget label, with or without trailing punctuation ("Related:", "Advertisement").
  {
    std::string_view label = lower;
    while (!label.empty() && (label.back() == ':' || label.back() == '.' || label.back() == '!' ||
                              label.back() == '>' || label.back() == ' '))
      label.remove_suffix(1);
    if (label.size() >= 3 && label.substr(label.size() - 3) == "...") label.remove_suffix(3);
    if (n <= 5 && std::find(kWidgetLabels.begin(), kWidgetLabels.end(), label) != kWidgetLabels.end())
      return true;
  }

  if (n <= 30) {
    // Copyright and rights lines.
    if (lower.rfind("\xC2\xA9", 0) == 0 || lower.rfind("copyright", 0) == 0 || lower.rfind("(c) ", 0) == 0 ||
        contains(lower, "all rights reserved"))
      return true;
    for (auto p : kMetaPrefixes)
      if (lower.rfind(p, 0) == 0) return true;
  }

  // Cookie and consent notices.
  if (n <= 60 && contains(lower, "cookie") &&
      (contains(lower, " use") || contains(lower, "accept") || contains(lower, "policy") ||
       contains(lower, "consent") || contains(lower, "browsing")))
    return true;

  size_t links = 0;
  for (auto w : words) links += is_link_word(w);

  // A call to action: an imperative promo verb first, and something it promotes. Calls to action
  // are short; a long line starting "Support for ..." or "Like many of our ..." is news.
  if (n <= 12 || (links > 0 && n <= 25)) {
    const std::string first = ascii_lower(strip_punct(words[0]));
    const std::string second = n > 1 ? ascii_lower(strip_punct(words[1])) : std::string();
    if (std::find(kPromoVerbs.begin(), kPromoVerbs.end(), first) != kPromoVerbs.end()) {
      bool verb_ok = true;
      if (first == "sign") verb_ok = second == "up" || second == "in";
      if (first == "stay") verb_ok = second == "tuned" || second == "connected" || second == "informed";
      if (first == "check") verb_ok = second == "out";
      if (first == "like") verb_ok = second == "us" || contains(lower, "facebook");
      // "Read more", "READ MORE ... AT:" is always a pointer elsewhere.
      if (first == "read" && second == "more") return true;
      const std::string padded = " " + lower + " ";
      if (verb_ok && (links > 0 || contains_any(padded, kPromoObjects))) return true;
    }
  }

  // A short line made mostly of links or handles ("Follow @21WIRE", "https://t.co/x").
  if (links > 0 && n <= 8 && links * 3 >= n) return true;
  return false;
}

std::string remove_boilerplate(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pending_blank = 0;  // blank lines seen since the last kept line
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(i, nl - i);
    i = nl + 1;
    if (trim(line).empty()) {
      ++pending_blank;
      if (nl == text.size()) break;
      continue;
    }
    if (is_boilerplate_line(line)) {
      if (nl == text.size()) break;
      continue;
    }
    if (!out.empty()) out += pending_blank > 0 ? "\n\n" : "\n";
    pending_blank = 0;
    std::string_view kept = line;
    if (!kept.empty() && kept.back() == '\r') kept.remove_suffix(1);
    out.append(kept);
    if (nl == text.size()) break;
  }
  return out;
}

}  // namespace tacitus
