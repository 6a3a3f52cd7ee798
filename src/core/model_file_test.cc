#include "tacitus/model_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace tacitus {
namespace {

std::string sample_image() {
  ModelWriter w("tagger", 3);
  ByteWriter p;
  p.put<uint32_t>(42);
  p.put_string("NOUN");
  p.put_array(std::vector<float>{1.5f, -2.0f});
  w.add_section("weights", p.take());
  w.add_section("empty", "");
  return w.serialize();
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
  // Incremental use gives the same result as one call.
  EXPECT_EQ(crc32("6789", crc32("12345")), 0xCBF43926u);
  // Longer than one 8-byte block, and split at every offset (unaligned heads and tails).
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  EXPECT_EQ(crc32(fox), 0x414FA339u);
  for (size_t i = 0; i <= fox.size(); ++i)
    EXPECT_EQ(crc32(std::string_view(fox).substr(i), crc32(std::string_view(fox).substr(0, i))), 0x414FA339u);
}

// The bit-at-a-time definition, to check the fast paths (table and carry-less multiply) against.
uint32_t crc32_bitwise(std::string_view bytes, uint32_t crc = 0) {
  crc = ~crc;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
  }
  return ~crc;
}

TEST(Crc32, FastPathsMatchTheDefinitionAtEveryLengthAndAlignment) {
  std::string data(1 << 20, '\0');
  uint64_t x = 88172645463325252ull;  // xorshift: deterministic pseudo-random bytes
  for (char& c : data) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    c = static_cast<char>(x);
  }
  const std::string_view all(data);
  for (size_t len = 0; len <= 300; ++len)
    for (size_t off : {0, 1, 7, 13})
      ASSERT_EQ(crc32(all.substr(off, len)), crc32_bitwise(all.substr(off, len))) << len << " at " << off;
  EXPECT_EQ(crc32(all), crc32_bitwise(all));
  EXPECT_EQ(crc32(all.substr(3, 100000), 0x12345678u), crc32_bitwise(all.substr(3, 100000), 0x12345678u));
  EXPECT_EQ(crc32(all.substr(5000), crc32(all.substr(0, 5000))), crc32(all));
}

TEST(ModelFile, RoundTripsSectionsAndPayloads) {
  auto m = ModelReader::parse(sample_image(), "mem", "tagger", 3);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto s = m->section("weights");
  ASSERT_TRUE(s.ok());
  ByteReader r(*s);
  EXPECT_EQ(r.get<uint32_t>(), 42u);
  EXPECT_EQ(r.get_string(), "NOUN");
  auto v = r.get_array<float>();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1], -2.0f);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
  auto e = m->section("empty");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->empty());
  auto missing = m->section("bias");
  EXPECT_EQ(missing.status().code(), Status::Code::kCorrupt);
}

TEST(ModelFile, EveryFlippedByteIsCorrupt) {
  std::string image = sample_image();
  for (size_t i = 0; i < image.size(); ++i) {
    std::string bad = image;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    auto m = ModelReader::parse(bad, "flip.bin", "tagger", 3);
    ASSERT_FALSE(m.ok()) << "byte " << i;
    EXPECT_EQ(m.status().code(), Status::Code::kCorrupt) << "byte " << i;
    EXPECT_NE(m.status().message().find("flip.bin"), std::string::npos);
  }
}

TEST(ModelFile, EveryTruncationIsCorrupt) {
  std::string image = sample_image();
  for (size_t n = 0; n < image.size(); ++n) {
    auto m = ModelReader::parse(image.substr(0, n), "cut.bin", "tagger", 3);
    ASSERT_FALSE(m.ok()) << "length " << n;
    EXPECT_EQ(m.status().code(), Status::Code::kCorrupt) << "length " << n;
  }
}

TEST(ModelFile, WrongComponentOrVersionIsCorrupt) {
  auto comp = ModelReader::parse(sample_image(), "m.bin", "parser", 3);
  ASSERT_EQ(comp.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(comp.status().message().find("'tagger'"), std::string::npos);
  auto ver = ModelReader::parse(sample_image(), "m.bin", "tagger", 4);
  ASSERT_EQ(ver.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(ver.status().message().find("version 3"), std::string::npos);
}

TEST(ModelFile, WritesAndOpensFiles) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("tacitus_model_file_test_" +
                                                 std::to_string(::getpid()) + ".bin"))
          .string();
  ModelWriter w("ner", 1);
  w.add_section("a", "payload");
  ASSERT_TRUE(w.write(path).ok());
  auto m = ModelReader::open(path, "ner", 1);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(*m->section("a"), "payload");
  EXPECT_EQ(m->name(), path);
  std::remove(path.c_str());
  auto gone = ModelReader::open(path, "ner", 1);
  EXPECT_EQ(gone.status().code(), Status::Code::kNotFound);
}

TEST(ByteReader, OverrunFailsWithoutReadingPastTheEnd) {
  ByteWriter w;
  w.put<uint32_t>(1000);  // claims a 1000-byte string that is not there
  w.put<char>('x');
  ByteReader r(w.bytes());
  EXPECT_EQ(r.get_string(), "");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.get<uint64_t>(), 0u);
  ByteWriter a;
  a.put<uint64_t>(uint64_t{1} << 62);  // absurd element count
  ByteReader ra(a.bytes());
  EXPECT_TRUE(ra.get_array<double>().empty());
  EXPECT_FALSE(ra.ok());
}

}  // namespace
}  // namespace tacitus
