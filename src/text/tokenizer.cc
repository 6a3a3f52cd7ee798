// Rule-based tokeniser and sentence splitter for news English (UD English EWT conventions).
//
// Text is cut at whitespace into chunks; each chunk loses its leading openers (brackets, quotes,
// currency signs) and trailing closers (punctuation, quotes, a final period unless the word is an
// abbreviation or initial), then splits off English clitics ("n't", "'s", ...) and breaks at
// internal dashes, ellipses and word/word slashes. Sentence ends are decided afterwards from the
// token kinds and the line breaks between tokens. No regular expressions: one pass per chunk.
#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "tacitus/text.h"
#include "text/unicode.h"

namespace tacitus {

namespace {

using text_internal::decode_at;
using text_internal::is_digit;
using text_internal::is_letter;
using text_internal::is_line_break;
using text_internal::is_lower;
using text_internal::is_space;
using text_internal::is_upper;

enum class Kind : uint8_t {
  kWord,
  kTerminal,     // . ! ? (and runs like "?!")
  kEllipsis,     // ... or U+2026
  kTitle,        // abbreviation that never ends a sentence: Mr. Gen. Lt. No. vs.
  kAbbrev,       // abbreviation that may end one: U.S. etc. Inc. a.m.
  kInitial,      // "J." in "J. R. Smith"
  kOpenQuote,    // “ ‘ « „
  kCloseQuote,   // ” ’ »
  kQuote,        // " ' (direction from context)
  kOpenBracket,  // ( [ {
  kCloseBracket, // ) ] }
  kSeparator,    // , ;
  kColon,
  kDash,
  kOther,
};

struct Piece {
  uint32_t start, end;
  Kind kind;
};

// Abbreviations after which a period never ends a sentence: titles and ranks before names, and a
// few words always followed by a number or a name.
constexpr std::array<std::string_view, 52> kTitles = {
    "Mr",    "Mrs",  "Ms",   "Messrs", "Dr",   "Gen",  "Sen",  "Sens", "Rep",  "Reps", "Gov",
    "Lt",    "Col",  "Capt", "Sgt",    "Maj",  "Adm",  "Prof", "St",   "Rev",  "Hon",  "Pres",
    "Brig",  "Cpl",  "Pvt",  "Cmdr",   "Cdr",  "Supt", "Insp", "Det",  "Fr",   "Msgr", "Amb",
    "Atty",  "Gens", "Sgts", "Lieut",  "Ft",   "Mt",   "No",   "Nos",  "Nr",   "vs",   "v",
    "Vol",   "Art",  "Sec",  "Sr",     "Spc",  "Cpt",  "Pfc",  "Sra"};

// Abbreviations that keep their period but may end a sentence ("... in the U.S. The next ...").
constexpr std::array<std::string_view, 48> kAbbrevs = {
    "Inc",  "Corp", "Co",   "Ltd",  "Jr",   "etc",  "al",   "Jan",  "Feb",   "Mar",  "Apr",  "Jun",
    "Jul",  "Aug",  "Sep",  "Sept", "Oct",  "Nov",  "Dec",  "Ave",  "Blvd",  "Rd",   "Dept", "Univ",
    "Assn", "Bros", "approx", "est", "cf",  "ca",   "Calif", "Fla", "Ariz",  "Colo", "Okla", "Tenn",
    "Conn", "Mich", "Penn", "Wis",  "Minn", "Nev",  "Md",   "Gov't", "Mfg",  "Intl", "Govt", "Pty"};

// Words that start sentences far more often than they follow an abbreviation inside one.
constexpr std::array<std::string_view, 44> kSentenceStarters = {
    "The",   "A",      "An",   "He",    "She",     "It",    "They",    "We",    "I",
    "You",   "But",    "And",  "So",    "Yet",     "In",    "On",      "At",    "As",
    "After", "Before", "For",  "If",    "When",    "While", "However", "Meanwhile",
    "This",  "That",   "These", "Those", "There",  "Their", "His",     "Her",   "Its",
    "Our",   "Some",   "Many", "Most",  "Officials", "What", "Why",    "How",   "Who"};

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ieq(s.substr(0, prefix.size()), prefix);
}

// Start of the code point that ends just before byte `e`.
size_t prev_start(std::string_view t, size_t s, size_t e) {
  size_t p = e - 1;
  while (p > s && (static_cast<unsigned char>(t[p]) & 0xC0) == 0x80) --p;
  return p;
}

// "U.S", "a.m", "e.g", "Ph.D": two or more dot-separated runs of one to three letters.
bool is_dotted_abbreviation(std::string_view w) {
  size_t segments = 0, run = 0;
  for (char c : w) {
    if (c == '.') {
      if (run == 0 || run > 3) return false;
      ++segments;
      run = 0;
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      ++run;
    } else {
      return false;
    }
  }
  if (run == 0 || run > 3) return false;
  return segments + 1 >= 2;
}

// URLs, e-mail addresses, @handles and #hashtags stay whole.
bool is_web_token(std::string_view w) {
  if (istarts_with(w, "http://") || istarts_with(w, "https://") || istarts_with(w, "ftp://") ||
      istarts_with(w, "www.") || w.find("://") != std::string_view::npos)
    return true;
  const size_t at = w.find('@');
  if (at != std::string_view::npos) {
    if (at == 0) return w.size() > 1;                                        // @handle
    return w.find('.', at) != std::string_view::npos && at + 1 < w.size();  // e-mail
  }
  return w.size() > 1 && w[0] == '#' && !is_digit(static_cast<unsigned char>(w[1]));
}

class ChunkSplitter {
 public:
  ChunkSplitter(std::string_view text, std::vector<Piece>& out) : t_(text), out_(out) {}

  void split(size_t s, size_t e) {
    s = strip_prefix(s, e);
    suffix_.clear();
    e = strip_suffix(s, e);
    if (s < e) split_core(s, e);
    for (auto it = suffix_.rbegin(); it != suffix_.rend(); ++it) out_.push_back(*it);
  }

 private:
  void emit(size_t s, size_t e, Kind k) {
    out_.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(e), k});
  }

  // Length of a run of '.' starting at i ("..", "...", "....").
  size_t dot_run(size_t i, size_t e) const {
    size_t j = i;
    while (j < e && t_[j] == '.') ++j;
    return j - i;
  }

  size_t strip_prefix(size_t s, size_t e) {
    while (s < e) {
      size_t len;
      const char32_t cp = decode_at(t_, s, &len);
      if (s + len == e) break;  // a lone character is a token by itself
      const std::string_view rest = t_.substr(s + len, e - s - len);
      switch (cp) {
        case '(': case '[': case '{': case '<':
          emit(s, s + len, Kind::kOpenBracket);
          break;
        case 0x201C: case 0x00AB: case 0x201E: case 0x2018: case 0x201A:
          emit(s, s + len, Kind::kOpenQuote);
          break;
        case '"':
          emit(s, s + len, Kind::kQuote);
          break;
        case '\'': case 0x2019:
          // Clitics and shortened years keep their apostrophe: 's 'em '90s.
          if (!rest.empty() && (is_digit(static_cast<unsigned char>(rest[0])) || ieq(rest, "s") ||
                                ieq(rest, "em") || ieq(rest, "til") || ieq(rest, "cause") ||
                                ieq(rest, "re") || ieq(rest, "ll") || ieq(rest, "ve") ||
                                ieq(rest, "d") || ieq(rest, "m")))
            return s;
          emit(s, s + len, cp == '\'' ? Kind::kQuote : Kind::kCloseQuote);
          break;
        case '$': case 0xA3: case 0x20AC: case 0xA5:
          if (!is_digit(static_cast<unsigned char>(rest[0])) && rest[0] != '.') return s;
          emit(s, s + len, Kind::kOther);
          break;
        case 0x2013: case 0x2014: case 0x2015: case 0x2212:
          emit(s, s + len, Kind::kDash);
          break;
        case 0x2026:
          emit(s, s + len, Kind::kEllipsis);
          break;
        case '-':
          if (rest[0] != '-') return s;
          {
            size_t j = s;
            while (j < e && t_[j] == '-') ++j;
            if (j == e) return s;
            emit(s, j, Kind::kDash);
            s = j;
            continue;
          }
        case '.': {
          const size_t run = dot_run(s, e);
          if (run < 2 || s + run == e) return s;
          emit(s, s + run, Kind::kEllipsis);
          s += run;
          continue;
        }
        default:
          return s;
      }
      s += len;
    }
    return s;
  }

  void push_suffix(size_t s, size_t e, Kind k) {
    suffix_.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(e), k});
  }

  bool core_has(size_t s, size_t e, char c) const {
    return std::memchr(t_.data() + s, c, e - s) != nullptr;
  }

  size_t strip_suffix(size_t s, size_t e) {
    while (e > s) {
      const size_t p = prev_start(t_, s, e);
      if (p == s) break;  // keep the last character as the token itself
      size_t len;
      const char32_t cp = decode_at(t_, p, &len);
      switch (cp) {
        case ')':
          if (core_has(s, p, '(')) return e;
          push_suffix(p, e, Kind::kCloseBracket);
          break;
        case ']':
          if (core_has(s, p, '[')) return e;
          push_suffix(p, e, Kind::kCloseBracket);
          break;
        case '}':
          if (core_has(s, p, '{')) return e;
          push_suffix(p, e, Kind::kCloseBracket);
          break;
        case '>':
          if (core_has(s, p, '<')) return e;
          push_suffix(p, e, Kind::kCloseBracket);
          break;
        case 0x201D: case 0x00BB: case 0x2019:
          push_suffix(p, e, Kind::kCloseQuote);
          break;
        case '"': case '\'':
          push_suffix(p, e, Kind::kQuote);
          break;
        case ',': case ';':
          push_suffix(p, e, Kind::kSeparator);
          break;
        case ':':
          push_suffix(p, e, Kind::kColon);
          break;
        case '%':
          push_suffix(p, e, Kind::kOther);
          break;
        case 0x2013: case 0x2014: case 0x2015:
          push_suffix(p, e, Kind::kDash);
          break;
        case 0x2026:
          push_suffix(p, e, Kind::kEllipsis);
          break;
        case '!': case '?': {
          size_t q = p;
          while (q > s && (t_[q - 1] == '!' || t_[q - 1] == '?')) --q;
          if (q == s) return e;  // "?!" alone is a token
          push_suffix(q, e, Kind::kTerminal);
          e = q;
          continue;
        }
        case '-': {
          size_t q = p;
          while (q > s && t_[q - 1] == '-') --q;
          if (e - q < 2 || q == s) return e;  // "pre-" keeps its hyphen; "--" splits
          push_suffix(q, e, Kind::kDash);
          e = q;
          continue;
        }
        case '.': {
          size_t q = p;
          while (q > s && t_[q - 1] == '.') --q;
          if (p - q >= 1) {  // two or more dots: an ellipsis
            if (q == s) return e;
            push_suffix(q, e, Kind::kEllipsis);
            e = q;
            continue;
          }
          return strip_period(s, p, e);
        }
        default:
          return e;
      }
      e = p;
    }
    return e;
  }

  // The chunk core [s, e) ends with the period at p: keep it on abbreviations and initials.
  size_t strip_period(size_t s, size_t p, size_t e) {
    const std::string_view word = t_.substr(s, p - s);
    Kind keep = Kind::kWord;
    if (word.size() == 1 && is_upper(static_cast<unsigned char>(word[0]))) {
      keep = Kind::kInitial;
    } else if (contains(kTitles, word)) {
      keep = Kind::kTitle;
    } else if (contains(kAbbrevs, word) || is_dotted_abbreviation(word)) {
      keep = Kind::kAbbrev;
    }
    if (keep != Kind::kWord) {
      abbreviation_kind_ = keep;
      return e;
    }
    push_suffix(p, e, Kind::kTerminal);
    return p;
  }

  // Splits the clitic off the end of [s, e): returns its start, or e when there is none.
  size_t clitic_start(size_t s, size_t e) const {
    const std::string_view w = t_.substr(s, e - s);
    const size_t n = w.size();
    auto apostrophe_at = [&](size_t i, size_t* alen) {
      if (w[i] == '\'') return *alen = 1, true;
      if (i + 3 <= n && w.compare(i, 3, "\xE2\x80\x99") == 0) return *alen = 3, true;
      return false;
    };
    // n't / n’t
    for (size_t alen : {size_t{1}, size_t{3}}) {
      const size_t tlen = 2 + alen;  // n + apostrophe + t
      if (n > tlen && (w[n - tlen] == 'n' || w[n - tlen] == 'N') &&
          (w[n - 1] == 't' || w[n - 1] == 'T')) {
        size_t got;
        if (apostrophe_at(n - tlen + 1, &got) && got == alen) return e - tlen;
      }
    }
    // 's 'm 'd 'll 're 've
    for (size_t k = 1; k <= 2 && k < n; ++k) {
      for (size_t alen : {size_t{1}, size_t{3}}) {
        if (n < k + alen + 1) continue;
        size_t got;
        if (!apostrophe_at(n - k - alen, &got) || got != alen) continue;
        const std::string_view suf = w.substr(n - k);
        const bool clitic = k == 1 ? (ieq(suf, "s") || ieq(suf, "m") || ieq(suf, "d"))
                                   : (ieq(suf, "ll") || ieq(suf, "re") || ieq(suf, "ve"));
        if (clitic) return e - k - alen;
      }
    }
    if (ieq(w, "cannot")) return s + 3;
    if (ieq(w, "gonna") || ieq(w, "gotta") || ieq(w, "wanna")) return s + 3;
    return e;
  }

  void split_core(size_t s, size_t e) {
    const Kind final_kind = abbreviation_kind_;
    abbreviation_kind_ = Kind::kWord;
    if (is_web_token(t_.substr(s, e - s))) {
      emit(s, e, Kind::kWord);
      return;
    }
    const size_t c = final_kind == Kind::kWord ? clitic_start(s, e) : e;
    split_internal(s, c, c == e ? final_kind : Kind::kWord);
    if (c < e) {
      // "cannot" -> can + not: the second half is a word, not a clitic with an apostrophe.
      emit(c, e, Kind::kWord);
    }
  }

  // Breaks [s, e) at dashes, ellipses, slashes between words and commas between non-digits.
  void split_internal(size_t s, size_t e, Kind last_kind) {
    size_t seg = s;
    size_t i = s;
    while (i < e) {
      size_t len;
      const char32_t cp = decode_at(t_, i, &len);
      size_t sep_end = 0;
      Kind sep_kind = Kind::kOther;
      if (cp == 0x2013 || cp == 0x2014 || cp == 0x2015) {
        sep_end = i + len, sep_kind = Kind::kDash;
      } else if (cp == 0x2026) {
        sep_end = i + len, sep_kind = Kind::kEllipsis;
      } else if (cp == '-' && i + 1 < e && t_[i + 1] == '-' && i > seg) {
        size_t j = i;
        while (j < e && t_[j] == '-') ++j;
        sep_end = j, sep_kind = Kind::kDash;
      } else if (cp == '.' && i + 2 < e && t_[i + 1] == '.' && t_[i + 2] == '.' && i > seg) {
        size_t j = i;
        while (j < e && t_[j] == '.') ++j;
        sep_end = j, sep_kind = Kind::kEllipsis;
      } else if (cp == ',' && i > seg && i + 1 < e &&
                 !(is_digit(static_cast<unsigned char>(t_[i - 1])) &&
                   is_digit(static_cast<unsigned char>(t_[i + 1])))) {
        sep_end = i + 1, sep_kind = Kind::kSeparator;
      } else if (cp == '/' && i >= seg + 2 && i + 2 < e && letters_before(seg, i) >= 2 &&
                 letters_after(i + 1, e) >= 2) {
        sep_end = i + 1, sep_kind = Kind::kOther;
      }
      if (sep_end != 0) {
        if (i > seg) emit(seg, i, Kind::kWord);
        emit(i, sep_end, sep_kind);
        seg = i = sep_end;
        continue;
      }
      i += len;
    }
    if (seg < e) emit(seg, e, last_kind == Kind::kWord ? classify_lone(seg, e) : last_kind);
  }

  // The kind of a chunk that is nothing but punctuation (" . " typed with spaces around it).
  Kind classify_lone(size_t s, size_t e) const {
    size_t len;
    const char32_t cp = decode_at(t_, s, &len);
    if (s + len < e) {
      bool all_dots = true, all_stops = true;
      for (size_t i = s; i < e; ++i) {
        all_dots &= t_[i] == '.';
        all_stops &= t_[i] == '.' || t_[i] == '!' || t_[i] == '?';
      }
      if (all_dots) return Kind::kEllipsis;
      if (all_stops) return Kind::kTerminal;
      return Kind::kWord;
    }
    switch (cp) {
      case '.': case '!': case '?': return Kind::kTerminal;
      case 0x2026: return Kind::kEllipsis;
      case '"': case '\'': return Kind::kQuote;
      case 0x201C: case 0x2018: case 0x00AB: case 0x201E: return Kind::kOpenQuote;
      case 0x201D: case 0x2019: case 0x00BB: return Kind::kCloseQuote;
      case '(': case '[': case '{': return Kind::kOpenBracket;
      case ')': case ']': case '}': return Kind::kCloseBracket;
      case ',': case ';': return Kind::kSeparator;
      case ':': return Kind::kColon;
      case '-': case 0x2013: case 0x2014: case 0x2015: return Kind::kDash;
      default: return Kind::kWord;
    }
  }

  size_t letters_before(size_t seg, size_t i) const {
    size_t n = 0;
    while (i > seg && is_letter(static_cast<unsigned char>(t_[i - 1]))) --i, ++n;
    return i == seg ? n : 0;  // the whole segment must be a word
  }
  size_t letters_after(size_t i, size_t e) const {
    size_t n = 0;
    while (i < e && is_letter(static_cast<unsigned char>(t_[i]))) ++i, ++n;
    return n;
  }

  std::string_view t_;
  std::vector<Piece>& out_;
  std::vector<Piece> suffix_;
  Kind abbreviation_kind_ = Kind::kWord;
};

bool is_closer(const std::vector<Piece>& p, size_t i) {
  // A closing quote or bracket must touch the token before it: `said.” He` but not `said. ’Tis`.
  const bool attached = i > 0 && p[i - 1].end == p[i].start;
  switch (p[i].kind) {
    case Kind::kCloseQuote:
    case Kind::kCloseBracket:
    case Kind::kQuote:
      return attached;
    default:
      return false;
  }
}

// Code points in `s` (UTF-8 lead bytes).
size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The width text is hard-wrapped at (a wire story, a plain-text e-mail), or 0 when it is not:
// at least three lines run on into the next line, 95% of them are at most W characters wide for
// some W in 40-100, and half or more of them fill three quarters of W. Lines are measured in code
// points without trailing spaces.
size_t wrap_width(std::string_view text) {
  std::vector<size_t> run_on;  // widths of the non-empty lines followed by a non-empty line
  size_t start = 0;
  size_t prev = std::string_view::npos;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    const size_t width = line.find_first_not_of(" \t") == std::string_view::npos ? 0 : code_points(line);
    if (width > 0 && prev != std::string_view::npos && prev > 0) run_on.push_back(prev);
    prev = width;
    if (nl == text.size()) break;
    start = nl + 1;
  }
  if (run_on.size() < 3) return 0;
  // The width most lines keep to: a long word (a URL) may overrun it.
  const auto at = run_on.begin() + static_cast<std::ptrdiff_t>((run_on.size() * 19) / 20);
  std::nth_element(run_on.begin(), at, run_on.end());
  const size_t widest = *at;
  if (widest < 40 || widest > 100) return 0;
  const size_t full = static_cast<size_t>(
      std::count_if(run_on.begin(), run_on.end(), [&](size_t w) { return 4 * w >= 3 * widest; }));
  return 2 * full >= run_on.size() ? widest : 0;
}

}  // namespace

void tokenize_text(std::string_view text, std::vector<Token>& tokens,
                   std::vector<Sentence>& sentences) {
  tokens.clear();
  sentences.clear();
  std::vector<Piece> pieces;
  pieces.reserve(text.size() / 5 + 8);
  // Line breaks before each piece: 0 none, 1 one line break, 2 a blank line (or more).
  std::vector<uint8_t> breaks;
  breaks.reserve(pieces.capacity());
  ChunkSplitter splitter(text, pieces);

  size_t i = 0;
  const size_t n = text.size();
  int newlines = 0;
  while (i < n) {
    // Whitespace, counting line breaks (\r\n counts once).
    size_t len;
    char32_t cp = decode_at(text, i, &len);
    if (is_space(cp)) {
      if (is_line_break(cp) && !(cp == '\n' && i > 0 && text[i - 1] == '\r')) ++newlines;
      i += len;
      continue;
    }
    size_t j = i;
    bool plain = true;  // only ASCII letters and digits: a word as it stands (most chunks)
    while (j < n) {
      const auto b = static_cast<unsigned char>(text[j]);
      if (b < 0x80) {
        if (b == ' ' || (b >= 0x09 && b <= 0x0D) || b == 0x1C || b == 0x1D) break;
        plain = plain && (((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || (b >= '0' && b <= '9'));
        ++j;
        continue;
      }
      cp = decode_at(text, j, &len);
      if (is_space(cp)) break;
      plain = false;
      j += len;
    }
    const size_t before = pieces.size();
    // "cannot", "gonna", "gotta" and "wanna" are plain but split in two.
    if (plain && !(j - i == 6 || j - i == 5)) {
      pieces.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j), Kind::kWord});
    } else {
      splitter.split(i, j);
    }
    for (size_t k = before; k < pieces.size(); ++k)
      breaks.push_back(k == before ? static_cast<uint8_t>(std::min(newlines, 2)) : 0);
    newlines = 0;
    i = j;
  }

  const size_t count = pieces.size();
  tokens.resize(count);
  for (size_t k = 0; k < count; ++k) {
    Token& t = tokens[k];
    t.start = pieces[k].start;
    t.end = pieces[k].end;
    t.space_after = k + 1 < count ? pieces[k + 1].start > t.end : t.end < n;
  }

  // Sentence ends. brk[k]: a sentence ends after piece k.
  std::vector<uint8_t> brk(count, 0);
  auto first_cp = [&](size_t k) {
    size_t l;
    return decode_at(text, pieces[k].start, &l);
  };
  auto text_of = [&](size_t k) {
    return text.substr(pieces[k].start, pieces[k].end - pieces[k].start);
  };
  // In hard-wrapped text a line broke where the next word did not fit: that line break is a
  // space, whatever the case of the next word.
  size_t wrap_at = std::numeric_limits<size_t>::max();  // measured at the first line break
  auto wrapped = [&](size_t k) {
    if (wrap_at == std::numeric_limits<size_t>::max()) wrap_at = wrap_width(text);
    if (wrap_at == 0) return false;
    const size_t line_start = text.rfind('\n', pieces[k].end - 1);
    const size_t from = line_start == std::string_view::npos ? 0 : line_start + 1;
    const size_t word_end = text.find_first_of(" \t\r\n", pieces[k + 1].start);
    const std::string_view next_word = text.substr(
        pieces[k + 1].start,
        (word_end == std::string_view::npos ? text.size() : word_end) - pieces[k + 1].start);
    const std::string_view line = text.substr(from, pieces[k].end - from);
    // An indented next line starts a paragraph; a line with a run of spaces is a table row.
    const bool indented = text[pieces[k + 1].start - 1] == ' ' || text[pieces[k + 1].start - 1] == '\t';
    const size_t first = line.find_first_not_of(" \t");
    const bool row = line.find("   ", first == std::string_view::npos ? 0 : first) != std::string_view::npos;
    return !indented && !row && code_points(line) + 1 + code_points(next_word) > wrap_at;
  };
  for (size_t k = 0; k + 1 < count; ++k) {
    if (breaks[k + 1] >= 2) {
      brk[k] = 1;
    } else if (breaks[k + 1] == 1) {
      // A line break ends the sentence unless the next line continues it in lower case, the
      // line ended on a comma or an opening bracket or quote, or the text is hard-wrapped and the
      // next word did not fit on the line.
      const bool continues = is_lower(first_cp(k + 1)) || pieces[k].kind == Kind::kSeparator ||
                             pieces[k].kind == Kind::kOpenBracket || pieces[k].kind == Kind::kOpenQuote ||
                             wrapped(k);
      if (!continues) brk[k] = 1;
    }
    const Kind kind = pieces[k].kind;
    if (kind != Kind::kTerminal && kind != Kind::kEllipsis && kind != Kind::kAbbrev) continue;
    size_t j = k;
    while (j + 1 < count && breaks[j + 1] == 0 && is_closer(pieces, j + 1)) ++j;
    if (j + 1 >= count) continue;
    const Kind next_kind = pieces[j + 1].kind;
    if (next_kind == Kind::kSeparator || next_kind == Kind::kColon || next_kind == Kind::kCloseBracket ||
        next_kind == Kind::kTerminal)
      continue;
    const char32_t next = first_cp(j + 1);
    bool end_here;
    if (is_lower(next)) {
      // "Why?” he asked" continues; a bare stop before a lower-case word (web text) ends.
      end_here = kind == Kind::kTerminal && j == k;
    } else if (kind == Kind::kTerminal) {
      end_here = true;
    } else if (kind == Kind::kEllipsis) {
      end_here = is_upper(next) || next_kind == Kind::kOpenQuote || next_kind == Kind::kQuote;
    } else {  // an abbreviation: only before a typical sentence opener
      end_here = contains(kSentenceStarters, text_of(j + 1)) || next_kind == Kind::kOpenQuote;
    }
    if (end_here) brk[j] = 1;
    k = j;
  }

  auto emit = [&](size_t first, size_t last) {
    Sentence s;
    s.begin = static_cast<uint32_t>(first);
    s.end = static_cast<uint32_t>(last + 1);
    s.start = tokens[first].start;
    s.stop = tokens[last].end;
    sentences.push_back(s);
  };
  size_t begin = 0;
  for (size_t k = 0; k < count; ++k) {
    if (brk[k] || k + 1 == count) {
      emit(begin, k);
      begin = k + 1;
    } else if (k + 1 - begin >= kMaxSentenceTokens) {
      // Text without sentence ends (lists, run-on transcripts, junk): cut after the last comma,
      // semicolon or colon of the window's second half, else here, so that no later stage sees
      // an unbounded sentence.
      size_t cut = k;
      for (size_t j = k; j > begin + kMaxSentenceTokens / 2; --j)
        if (pieces[j].kind == Kind::kSeparator || pieces[j].kind == Kind::kColon) {
          cut = j;
          break;
        }
      emit(begin, cut);
      begin = cut + 1;
    }
  }
}

void tokenize(Document& doc) { tokenize_text(doc.text, doc.tokens, doc.sentences); }

namespace {

class TextStage final : public Stage {
 public:
  std::string_view name() const override { return "text"; }
  Status run(Document& doc) const override {
    if (doc.text.size() >= std::numeric_limits<uint32_t>::max())
      return Status::InvalidInput("document text is " + std::to_string(doc.text.size()) +
                                  " bytes; the limit is 4 GiB");
    size_t offset = 0;
    if (find_invalid_utf8(doc.text, &offset))
      return Status::InvalidInput("invalid UTF-8 at byte " + std::to_string(offset));
    tokenize(doc);
    return Status::Ok();
  }
};

}  // namespace

std::shared_ptr<const Stage> make_text_stage() { return std::make_shared<TextStage>(); }

}  // namespace tacitus
