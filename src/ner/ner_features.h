// Feature extraction of the entity recogniser (internal to src/ner). Features are emission-only
// (no tag history), so a sentence's features are computed once and Viterbi decodes over them.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/ner.h"
#include "tacitus/word_clusters.h"

namespace tacitus::ner {

// Feature keys of every token of a sentence: keys[offsets[i] .. offsets[i+1]) belong to token i.
struct SentenceFeatures {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> offsets;
};

// How each word (lower-cased) is written across one document: names recur, and a
// sentence-initial, headline or all-lower-case word is easier to read from its other uses (a
// "Rally" that opens a sentence is a name if the document writes "Rally" mid-sentence too).
struct DocumentContext {
  struct Word {
    uint16_t count = 0;        // occurrences
    uint16_t capitalised = 0;  // occurrences written with a capital, not sentence-initial
    uint16_t lower = 0;        // occurrences written in lower case
    uint8_t longest_run = 0;   // longest run of capitalised words containing it (see features)
  };
  std::unordered_map<uint64_t, Word> words;  // by string_hash of the lower-cased word
};

// The context of a document given as its sentences of word forms.
DocumentContext document_context(const std::vector<const std::vector<std::string>*>& sentences);

// Extracts the features of `words` (UPOS empty or one per word) into `out`; `doc` (may be null)
// is the context of the document the sentence belongs to.
void extract_features(const std::vector<std::string>& words, const std::vector<Upos>& upos,
                      const NerResources& resources, const WordClusters& clusters,
                      const DocumentContext* doc, SentenceFeatures& out);

// "Xxxx" -> "Xx", "U.S." -> "X.X.", "1990" -> "d": runs of a character class collapse.
std::string word_shape(std::string_view w);

}  // namespace tacitus::ner
