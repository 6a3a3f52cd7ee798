// Feature extraction of the entity recogniser (internal to src/ner). Features are emission-only
// (no tag history), so a sentence's features are computed once and Viterbi decodes over them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tacitus/word_clusters.h"
#include "tacitus/document.h"
#include "tacitus/ner.h"

namespace tacitus::ner {

// Feature keys of every token of a sentence: keys[offsets[i] .. offsets[i+1]) belong to token i.
struct SentenceFeatures {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> offsets;
};

// Extracts the features of `words` (UPOS empty or one per word) into `out`.
void extract_features(const std::vector<std::string>& words, const std::vector<Upos>& upos,
                      const NerResources& resources, const WordClusters& clusters,
                      SentenceFeatures& out);

// "Xxxx" -> "Xx", "U.S." -> "X.X.", "1990" -> "d": runs of a character class collapse.
std::string word_shape(std::string_view w);

}  // namespace tacitus::ner
