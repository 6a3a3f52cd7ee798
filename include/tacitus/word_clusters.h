// Distributional word classes learned from unlabelled text: each frequent lower-cased word gets a
// class at three granularities from k-means over its left and right neighbour profiles, and a
// bucket of how often it is written with a capital inside a sentence. They let a trained model
// (the recogniser; the tagger and parser may use them too) generalise from words it was trained
// on to words it only saw in raw text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/model_file.h"
#include "tacitus/status.h"

namespace tacitus {

// Pretrained word vectors (GloVe, word2vec text format): words in file order, which for those
// files is most frequent first, and their rows of `dims` floats (row i at values[i * dims]).
struct WordVectors {
  std::vector<std::string> words;
  std::vector<float> values;
  size_t dims = 0;
};

class WordClusters {
 public:
  struct Info {
    uint16_t coarse = 0, fine = 0,
             finest = 0;  // class + 1 at three granularities; 0 = unknown word
    uint8_t caps = 0;     // 0 unknown, 1..5 rising share of capitalised uses
  };
  // Learns from tokenised sentences; deterministic for a given seed.
  static WordClusters learn(const std::vector<std::vector<std::string>>& sentences, unsigned seed);
  // Classes of pretrained word vectors: spherical k-means over the rows of `vectors` at 128 / 512
  // / 2,048 classes (coarse / fine / finest); caps stays 0. Words are looked up lower-cased (a
  // word listed twice keeps its first row). Deterministic for a seed; uses up to 4 threads.
  static WordClusters from_vectors(const WordVectors& vectors, unsigned seed);
  // The information on a lower-cased word.
  Info info(std::string_view lower) const;
  size_t size() const { return keys_.size(); }

  std::string encode() const;
  static Result<WordClusters> decode(std::string_view bytes, const ModelReader& file);

 private:
  std::vector<uint64_t> keys_;  // sorted string_hash of lower-cased words
  std::vector<Info> info_;
};

// Reads the first `max_words` rows of a text vector file: "word v1 ... vD" per line, every line
// the same D; a word2vec header line ("count dims") is skipped. NotFound, or InvalidInput naming
// path:line on a malformed row.
Result<WordVectors> read_word_vectors(const std::string& path, size_t max_words);

// Sentences of tokens from the <BODY> elements of the SGML news files (Reuters-21578 layout) in
// `dir`, as unlabelled text for word classes; NotFound when there is none.
Result<std::vector<std::vector<std::string>>> read_sgml_bodies(const std::string& dir);

}  // namespace tacitus
