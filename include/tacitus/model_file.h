// The versioned binary container every trained model and compiled table is stored in
// (docs/model_format.md): magic "TACI", format version, component id, component version, named
// payload sections, CRC-32 of everything before it. Loading a file with a wrong magic, component,
// version or checksum, or a truncated one, is Status::Corrupt naming the file; never a crash.
//
// Numbers are little-endian. Payloads are opaque bytes; ByteWriter / ByteReader encode them.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tacitus/status.h"

namespace tacitus {

// Version of the container layout itself (not of any component's payload).
constexpr uint32_t kModelFileFormatVersion = 1;

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of `bytes`, continuing from `crc` (0 to start).
uint32_t crc32(std::string_view bytes, uint32_t crc = 0);

// Appends little-endian primitives and length-prefixed strings/arrays to a byte string.
class ByteWriter {
 public:
  template <class T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.append(b, sizeof(T));
  }
  // uint32 length + bytes.
  void put_string(std::string_view s) {
    put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  // uint64 count + raw elements.
  template <class T>
  void put_array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote, bounds-checked. After the first overrun every read yields a zero
// value and ok() stays false, so a decoder can read a whole record and check once.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : in_(bytes) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v{};
    if (!ok_ || in_.size() - pos_ < sizeof(T)) {
      ok_ = false;
      return v;
    }
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string get_string() {
    uint32_t n = get<uint32_t>();
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  template <class T>
  std::vector<T> get_array() {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n = get<uint64_t>();
    if (!ok_ || n > (in_.size() - pos_) / sizeof(T)) {
      ok_ = false;
      return {};
    }
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), in_.data() + pos_, n * sizeof(T));  // data() may be null when empty
    pos_ += n * sizeof(T);
    return v;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Collects sections and writes one model file.
class ModelWriter {
 public:
  // `component` names what the file holds ("tagger", "parser", "ner", "gazetteer"); `version` is
  // that component's payload version, bumped whenever its payload layout changes.
  ModelWriter(std::string component, uint32_t version)
      : component_(std::move(component)), version_(version) {}
  // Adds a section; names should be unique (the reader returns the first of a name).
  void add_section(std::string name, std::string payload) {
    sections_.emplace_back(std::move(name), std::move(payload));
  }
  // The complete file image, checksum included.
  std::string serialize() const;
  // Writes serialize() to `path` (through a temporary file renamed into place, so a crash never
  // leaves a half-written model). IOError naming the path on failure.
  Status write(const std::string& path) const;

 private:
  std::string component_;
  uint32_t version_;
  std::vector<std::pair<std::string, std::string>> sections_;
};

// A loaded, verified model file. Section views point into the reader's own buffer, so they live
// as long as the reader. Immutable after loading; safe to share between threads.
class ModelReader {
 public:
  // Reads and verifies `path`: Corrupt (naming the path) on a wrong magic, format version,
  // component, component version, checksum or a truncated file; NotFound / IOError when it cannot
  // be read.
  static Result<ModelReader> open(const std::string& path, std::string_view component,
                                  uint32_t version);
  // Verifies an in-memory image; `name` is used in error messages in place of a path.
  static Result<ModelReader> parse(std::string bytes, const std::string& name,
                                   std::string_view component, uint32_t version);

  // The payload of section `name`; Corrupt naming the file when the section is missing.
  Result<std::string_view> section(std::string_view name) const;
  const std::string& name() const { return name_; }
  // A Corrupt status naming this file, for decoders that find a malformed payload.
  Status corrupt(const std::string& what) const { return Status::Corrupt(name_ + ": " + what); }

 private:
  std::string name_;
  std::string bytes_;
  // Offsets into bytes_, not views, so that moving the reader (and its string) stays valid.
  struct Entry {
    std::string name;
    size_t offset, size;
  };
  std::vector<Entry> sections_;
};

}  // namespace tacitus
