// Name lists as features of the entity recogniser (internal to src/ner): which lists (first
// names, surnames, brands, ...) a run of words is in. The lists are stored in the model, so the
// recogniser needs nothing beyond its file at run time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tacitus/model_file.h"
#include "tacitus/ner.h"
#include "tacitus/status.h"

namespace tacitus::ner {

class NameLexicon {
 public:
  static constexpr size_t kMaxLists = 8;  // one bit each
  static constexpr size_t kMaxWords = 4;  // the longest name matched, in words

  // A name's key is the hash of its folded bytes: ASCII letters lower-cased, digits and non-ASCII
  // bytes kept, other ASCII dropped ("In-N-Out" = "in n out" = "innout", "McDonald's" = "mc
  // donald s"), so that a name meets its spellings across tokenisations. The hash is built in
  // pieces, word by word: key(a + b) = finish(extend(extend(kHashStart, a), b)); `length` counts
  // the folded bytes.
  static constexpr uint64_t kHashStart = 0xcbf29ce484222325ULL;
  static uint64_t extend(uint64_t state, std::string_view name, size_t& length);
  static uint64_t finish(uint64_t state);

  // From (name, list) entries; names that fold to fewer than 3 bytes are skipped (too many
  // everyday words share them). InvalidInput when the entries name more than kMaxLists lists.
  static Result<NameLexicon> build(const std::vector<NameListEntry>& entries);

  bool empty() const { return by_key_.empty(); }
  size_t size() const { return by_key_.size(); }

  // The longest name (up to kMaxWords words) covering each word: the lists it is in (bits in
  // the order the lists were first named; 0 = none), the word's place in it (1 single, 2 first,
  // 3 inside, 4 last) and its length in words.
  struct Hit {
    uint8_t lists = 0, pos = 0, len = 0;
  };
  void match(const std::vector<std::string>& words, std::vector<Hit>& hits) const;

  std::string encode() const;
  static Result<NameLexicon> decode(std::string_view bytes, const ModelReader& file);

 private:
  std::vector<std::string> lists_;                // list names, by bit
  std::unordered_map<uint64_t, uint8_t> by_key_;  // key hash -> list bits
};

}  // namespace tacitus::ner
