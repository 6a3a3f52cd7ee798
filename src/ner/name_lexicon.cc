#include "ner/name_lexicon.h"

#include <algorithm>
#include <fstream>

#include "syntax/perceptron.h"

namespace tacitus {

Result<std::vector<NameListEntry>> read_name_lists(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open name list");
  std::vector<NameListEntry> out;
  std::string line;
  for (size_t lineno = 1; std::getline(in, line); ++lineno) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == 0 || tab == std::string::npos || tab + 1 == line.size() ||
        line.find('\t', tab + 1) != std::string::npos)
      return Status::InvalidInput(path + ":" + std::to_string(lineno) +
                                  ": expected NAME<TAB>LIST");
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

namespace ner {

namespace {
// The folded form of one byte, or 0 when folding drops it.
char folded(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80)
    return c;
  return 0;
}
}  // namespace

// FNV-1a over the folded bytes, then mixed, as syntax::string_hash hashes a string.
uint64_t NameLexicon::extend(uint64_t state, std::string_view name, size_t& length) {
  for (char c : name)
    if (const char f = folded(c)) {
      state = (state ^ static_cast<unsigned char>(f)) * 0x100000001b3ULL;
      ++length;
    }
  return state;
}

uint64_t NameLexicon::finish(uint64_t state) { return syntax::mix64(state); }

Result<NameLexicon> NameLexicon::build(const std::vector<NameListEntry>& entries) {
  NameLexicon lex;
  for (const NameListEntry& e : entries) {
    size_t length = 0;
    const uint64_t key = finish(extend(kHashStart, e.name, length));
    if (length < 3) continue;
    auto it = std::find(lex.lists_.begin(), lex.lists_.end(), e.list);
    if (it == lex.lists_.end()) {
      if (lex.lists_.size() == kMaxLists)
        return Status::InvalidInput("name lists: more than " + std::to_string(kMaxLists) +
                                    " lists (at '" + e.list + "')");
      lex.lists_.push_back(e.list);
      it = lex.lists_.end() - 1;
    }
    lex.by_key_[key] |= static_cast<uint8_t>(1u << (it - lex.lists_.begin()));
  }
  return lex;
}

void NameLexicon::match(const std::vector<std::string>& words, std::vector<Hit>& hits) const {
  hits.assign(words.size(), Hit{});
  if (empty()) return;
  for (size_t b = 0; b < words.size(); ++b) {
    uint64_t state = kHashStart;
    size_t length = 0;
    for (size_t n = 1; n <= kMaxWords && b + n <= words.size(); ++n) {
      state = extend(state, words[b + n - 1], length);
      if (length < 3) continue;
      const auto found = by_key_.find(finish(state));
      if (found == by_key_.end()) continue;
      const uint8_t lists = found->second;
      for (size_t i = b; i < b + n; ++i) {
        if (hits[i].len > n) continue;
        const uint8_t pos = n == 1 ? 1 : i == b ? 2 : i + 1 == b + n ? 4 : 3;
        hits[i] = Hit{lists, pos, static_cast<uint8_t>(n)};
      }
    }
  }
}

std::string NameLexicon::encode() const {
  ByteWriter w;
  w.put<uint32_t>(static_cast<uint32_t>(lists_.size()));
  for (const std::string& l : lists_) w.put_string(l);
  // Sorted by key, so that the same lists always write the same bytes.
  std::vector<std::pair<uint64_t, uint8_t>> sorted(by_key_.begin(), by_key_.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint64_t> keys;
  std::vector<uint8_t> bits;
  for (const auto& [k, b] : sorted) keys.push_back(k), bits.push_back(b);
  w.put_array(keys);
  w.put_array(bits);
  return w.take();
}

Result<NameLexicon> NameLexicon::decode(std::string_view bytes, const ModelReader& file) {
  ByteReader r(bytes);
  NameLexicon lex;
  const uint32_t n = r.get<uint32_t>();
  if (n > kMaxLists) return file.corrupt("more than 8 name lists");
  for (uint32_t i = 0; i < n; ++i) lex.lists_.push_back(r.get_string());
  const auto keys = r.get_array<uint64_t>();
  const auto bits = r.get_array<uint8_t>();
  if (!r.ok() || !r.at_end()) return file.corrupt("malformed name lists");
  if (bits.size() != keys.size() || !std::is_sorted(keys.begin(), keys.end()))
    return file.corrupt("inconsistent name lists");
  lex.by_key_.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (bits[i] == 0 || (n < 8 && bits[i] >> n)) return file.corrupt("a name in no list");
    lex.by_key_.emplace(keys[i], bits[i]);
  }
  return lex;
}

}  // namespace ner
}  // namespace tacitus
